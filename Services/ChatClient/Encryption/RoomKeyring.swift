public import ChatProtocol
public import EndToEnd
public import Identity

/// The keys of every room this client encrypts: seals what it says there, opens what it receives.
///
/// See docs/PROTOCOL.md, "End-to-end encryption". A room keeps its keys after the client leaves it:
/// joining again must not quietly start sending plaintext to a room others encrypt; with a keyring
/// file (``lines``) they outlive the process too. Passphrases stay in memory only.
public struct RoomKeyring: Sendable, Equatable {
    public private(set) var rooms: [String: RoomKeychain] = [:]
    /// The passphrases of passphrase rooms, to derive the key of each salt met.
    private(set) var passphrases: [String: String] = [:]
    /// Salts whose key the passphrase did not give (another passphrase): not derived again.
    private var fruitlessSalts: [String: Set<[UInt8]>] = [:]
    /// Counts changes worth saving (a key added, another current).
    public private(set) var revision = 0

    public init() {}

    public func keychain(of room: String) -> RoomKeychain? { self.rooms[room] }

    /// Whether this client encrypts `room`.
    public func isEncrypted(_ room: String) -> Bool { self.rooms[room] != nil || self.passphrases[room] != nil }

    /// The rooms this client encrypts.
    public var encryptedRooms: [String] { Set(self.rooms.keys).union(self.passphrases.keys).sorted() }

    /// Keeps `key` for `room`, as its current key if `current`.
    public mutating func add(_ key: RoomKey, to room: String, current: Bool) {
        let before = self.rooms[room]
        self.rooms[room, default: RoomKeychain()].add(key, current: current)
        if self.rooms[room] != before { self.revision += 1 }
    }

    /// Encrypts `room` with `passphrase`; `ownKey` (derived with a salt of this client's) seals until a
    /// message with another salt opens.
    public mutating func add(passphrase: String, ownKey: RoomKey, to room: String) {
        self.passphrases[room] = passphrase
        self.add(ownKey, to: room, current: self.rooms[room]?.currentKey?.isFromPassphrase != true)
    }

    /// Changes one room's keychain (a share applied, a message opened), counting a change worth saving.
    @discardableResult
    mutating func update<Result>(_ room: String, _ change: (inout RoomKeychain) -> Result) -> Result {
        var keychain = self.rooms[room] ?? RoomKeychain()
        let before = keychain
        let result = change(&keychain)
        if keychain != before { self.revision += 1 }
        self.rooms[room] = keychain
        return result
    }

    /// The key with id `id`: the room's own, else another room's (a ciphertext moved between rooms is
    /// then refused by what it is bound to, not mistaken for one sealed with a key never seen).
    func key(_ id: KeyID, preferring room: String) -> RoomKey? {
        if let key = self.rooms[room]?.keys[id] { return key }
        return self.rooms.values.lazy.compactMap { $0.keys[id] }.first
    }

    // MARK: Sending

    /// The most plaintext bytes a message to `room` may have, if the room is encrypted.
    public func plaintextLimit(for room: String, messageBytes: Int) -> Int? {
        guard self.isEncrypted(room) else { return nil }
        let passphrase = self.rooms[room]?.currentKey?.isFromPassphrase ?? (self.passphrases[room] != nil)
        return SealedRoomText.maxPlaintextBytes(forMessageBytes: messageBytes, passphrase: passphrase)
    }

    /// A `say` or `action`, an edit's new text, a reaction or a file's metadata to an encrypted room, with its text sealed
    /// with the room's current key, by `sender` (nil: this client has no identity key), bound to the
    /// frame's own kind and id; anything else as it is (a delete has no text).
    public func seal(_ message: ClientMessage, sender: IdentityKey?) throws(EndToEndError) -> ClientMessage {
        switch message {
        case .say(var say):
            guard let sealed = try self.seal(say.text, in: say.room, kind: .message, id: say.id, sender: sender) else { return message }
            say.text = sealed
            return .say(say)
        case .action(var say):
            guard let sealed = try self.seal(say.text, in: say.room, kind: .action, id: say.id, sender: sender) else { return message }
            say.text = sealed
            return .action(say)
        case .edit(var event):
            guard let text = event.text, let sealed = try self.seal(text, in: event.room, kind: .edit, id: event.id, sender: sender) else {
                return message
            }
            event.text = sealed
            return .edit(event)
        case .reaction(var event):
            guard let text = event.text, let sealed = try self.seal(text, in: event.room, kind: .reaction, id: event.id, sender: sender) else {
                return message
            }
            event.text = sealed
            return .reaction(event)
        case .file(var shared):
            guard let sealed = try self.seal(shared.text, in: shared.room, kind: .file, id: shared.id, sender: sender) else { return message }
            shared.text = sealed
            return .file(shared)
        default:
            return message
        }
    }

    private func seal(_ text: String, in room: String, kind: ChatMessage.Kind, id: String?, sender: IdentityKey?) throws(EndToEndError) -> String? {
        let room = RoomName.spelled(room)
        guard self.isEncrypted(room) else { return nil }
        guard let sender else { throw EndToEndError("end-to-end encryption needs an identity key") }
        guard let key = self.rooms[room]?.currentKey else {
            throw EndToEndError("the key of \(room) was changed without you: ask a member to /add you")
        }
        return key.seal(text, context: RoomSealContext(room: room, sender: sender, kind: kind, id: id ?? ""))
    }

    // MARK: Receiving

    /// A received message with its text opened (or replaced by its marker), what encryption made of
    /// it, and the key that opened it; changes nothing (``open(_:)`` records what opening tells).
    public func peek(_ message: ChatMessage) -> (message: ChatMessage, encryption: MessageEncryption, key: KeyID?) {
        var opened = message
        func marked(_ encryption: MessageEncryption) -> (ChatMessage, MessageEncryption, KeyID?) {
            opened.text = encryption.marker ?? opened.text
            return (opened, encryption, nil)
        }
        guard SealedPrefix.isSealed(Array(message.text.utf8)) else {
            return (message, self.isEncrypted(message.room) ? .unencrypted : .none, nil)
        }
        guard let sealed = try? SealedRoomText(parsing: message.text), let sender = message.key.flatMap(IdentityKey.init(text:)) else {
            return marked(.undecryptable)
        }
        guard let key = self.key(sealed.keyID, preferring: message.room) else {
            return marked(self.rooms[message.room]?.withheld != nil ? .leftOut : .sealedWithoutKey)
        }
        let context = RoomSealContext(room: message.room, sender: sender, kind: message.kind, id: message.id ?? "")
        guard let text = try? key.open(sealed, context: context) else { return marked(.undecryptable) }
        opened.text = text
        return (opened, .decrypted, key.id)
    }

    /// ``peek(_:)``, and what opening tells: the sender holds the key, and in a passphrase room its salt
    /// is the one to seal with from now on.
    public mutating func open(_ message: ChatMessage) -> (message: ChatMessage, encryption: MessageEncryption) {
        let (opened, encryption, id) = self.peek(message)
        if let id, self.rooms[message.room] != nil, let sender = message.key.flatMap(IdentityKey.init(text:)) {
            self.update(message.room) { $0.opened(with: id, sender: IdentityPrefix(sender)) }
        }
        return (opened, encryption)
    }

    // MARK: Passphrase rooms

    /// A key a passphrase may give: for a room, a salt met in a sealed text, and the id it must have.
    public struct Derivation: Sendable, Hashable {
        public let room: String
        public let passphrase: String
        public let salt: [UInt8]
        public let keyID: KeyID
    }

    /// The keys to derive before `messages` can be opened: salts of passphrase rooms not met before.
    public func derivations(for messages: [ChatMessage]) -> [Derivation] {
        var wanted: [Derivation] = []
        for message in messages {
            guard let passphrase = self.passphrases[message.room], let sealed = try? SealedRoomText(parsing: message.text),
                !sealed.salt.isEmpty, self.rooms[message.room]?.keys[sealed.keyID] == nil,
                !(self.fruitlessSalts[message.room]?.contains(sealed.salt) ?? false)
            else { continue }
            let derivation = Derivation(room: message.room, passphrase: passphrase, salt: sealed.salt, keyID: sealed.keyID)
            if !wanted.contains(where: { $0.room == derivation.room && $0.salt == derivation.salt }) { wanted.append(derivation) }
        }
        return wanted
    }

    /// A derived key: kept if it is the one wanted, else its salt is not tried again.
    public mutating func derived(_ key: RoomKey, for derivation: Derivation) {
        guard key.id == derivation.keyID else {
            self.fruitlessSalts[derivation.room, default: []].insert(derivation.salt)
            return
        }
        self.add(key, to: derivation.room, current: false)
    }
}

extension RoomName {
    /// A room as the server spells it (what sealing and signing bind), or as given if it is not a valid name.
    public static func spelled(_ room: String) -> String {
        (try? RoomName(validating: room))?.value ?? room
    }
}
