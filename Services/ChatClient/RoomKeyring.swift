public import ChatProtocol
public import EndToEnd

/// The keys of the rooms this client encrypts: seals what it says there, opens what it receives.
///
/// See docs/PROTOCOL.md, "Encrypted rooms". A room keeps its key until the client stops, even after
/// leaving it: joining again must not quietly start sending plaintext to a room others encrypt.
public struct RoomKeyring: Sendable {
    private var keys: [String: RoomKey] = [:]

    public init(_ keys: [RoomKey] = []) {
        for key in keys { self.add(key) }
    }

    public mutating func add(_ key: RoomKey) {
        self.keys[key.room] = key
    }

    public func key(for room: String) -> RoomKey? {
        self.keys[room]
    }

    public var isEmpty: Bool { self.keys.isEmpty }

    /// The most plaintext bytes a message to `room` may have, if the room is encrypted.
    public func plaintextLimit(for room: String, messageBytes: Int) -> Int? {
        self.keys[room] == nil ? nil : SealedText.maxPlaintextBytes(forMessageBytes: messageBytes)
    }

    /// A `say` or `action` to an encrypted room with its text sealed by `sender`; anything else as it is.
    public func seal(_ message: ClientMessage, sender: String) throws(EndToEndError) -> ClientMessage {
        switch message {
        case .say(var say):
            guard let key = self.keys[say.room] else { return message }
            say.text = try key.seal(say.text, sender: sender)
            return .say(say)
        case .action(var say):
            guard let key = self.keys[say.room] else { return message }
            say.text = try key.seal(say.text, sender: sender)
            return .action(say)
        default:
            return message
        }
    }

    /// A received message with its text opened (or replaced by a marker), and what encryption made of it.
    public func open(_ message: ChatMessage) -> (ChatMessage, MessageEncryption) {
        var opened = message
        let sealed = SealedText.isSealed(message.text)
        guard let key = self.keys[message.room] else {
            guard sealed else { return (message, .none) }
            opened.text = MessageEncryption.encryptedMarker
            return (opened, .sealedWithoutKey)
        }
        guard sealed else { return (message, .unencrypted) }
        do {
            opened.text = try key.open(message.text, sender: message.from)
            return (opened, .decrypted)
        } catch {
            opened.text = MessageEncryption.cannotDecryptMarker
            return (opened, .undecryptable)
        }
    }
}
