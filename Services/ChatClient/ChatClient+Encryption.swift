public import ChatProtocol
public import EndToEnd

/// End-to-end encryption for the user interface: making, sharing and rotating room keys, and sealed
/// direct messages. The rules live in ``Encryption``; this only sends what it decides.
extension ChatClient {
    /// Encrypts `room` with a new random key (`/join ROOM --encrypt`): shared with its members once
    /// this client is in it (at once, if it is). Join the room after, to see its history opened.
    @discardableResult
    public func encryptNew(_ room: String) throws(EncryptionProblem) -> RoomKey {
        let room = RoomName.spelled(room)
        let key = try self.encryption.encryptNew(room)
        self.emit(.encrypted(room: room, fingerprint: key.fingerprint))
        if let members = self.state.rooms[room]?.members { self.settle(room, members: members).forEach(self.emit) }
        self.saveKeyringIfChanged()
        return key
    }

    /// Encrypts `room` with a passphrase and the key it gave with a salt of this client's
    /// (``EndToEnd/RoomKey/deriving(passphrase:salt:iterations:)``).
    public func encrypt(_ room: String, passphrase: String, ownKey: RoomKey) throws(EncryptionProblem) {
        let room = RoomName.spelled(room)
        try self.encryption.encrypt(room, passphrase: passphrase, ownKey: ownKey)
        if let key = self.encryption.currentKey(of: room) { self.emit(.encrypted(room: room, fingerprint: key.fingerprint)) }
        self.saveKeyringIfChanged()
    }

    /// `/rekey`: a new key for `room`, for the holders of the current one.
    public func rekey(_ room: String) throws(EncryptionProblem) {
        let shares = try self.encryption.rekey(RoomName.spelled(room), makeID: { self.state.makeShareID() }, messageBytes: self.messageBytes)
        self.queue(shares)
    }

    /// `/add NAME`: gives `name` the room's current key.
    public func add(_ name: String, to room: String) throws(EncryptionProblem) {
        self.queue(try self.encryption.add(name, to: RoomName.spelled(room), makeID: { self.state.makeShareID() }))
    }

    /// `/remove NAME`: a new key for `room`, for everyone holding the current one but `name`.
    public func remove(_ name: String, from room: String) throws(EncryptionProblem) {
        self.queue(
            try self.encryption.remove(name, from: RoomName.spelled(room), makeID: { self.state.makeShareID() }, messageBytes: self.messageBytes)
        )
    }

    /// The current key of an encrypted room, for an invite link; `nil` for a room that is not encrypted,
    /// or is encrypted with a passphrase.
    public func inviteKey(of room: String) -> RoomKey? {
        self.encryption.currentKey(of: RoomName.spelled(room)).flatMap { $0.isFromPassphrase ? nil : $0 }
    }

    /// Whether this client encrypts `room`, and the fingerprint of its current key (`nil` when it has none).
    public func roomEncryption(of room: String) -> (encrypted: Bool, fingerprint: String?) {
        let room = RoomName.spelled(room)
        return (self.encryption.keyring.isEncrypted(room), self.encryption.currentKey(of: room)?.fingerprint)
    }

    /// The keys known now: what the keyring file holds.
    public var keyring: RoomKeyring { self.encryption.keyring }

    // MARK: Direct messages

    /// Sends a direct message, sealed if `name`'s sealing key is known; returns its id and whether it
    /// is sealed.
    ///
    /// - Throws: ``SendProblem/wouldBeUnencrypted(_:)`` when it cannot be sealed, unless
    ///   `allowUnencrypted` (the user was told, and confirmed: `/msg! NAME TEXT`); a text too large.
    @discardableResult
    public func sendDirect(_ text: String, to name: String, allowUnencrypted: Bool = false) throws(SendProblem) -> (id: String, sealed: Bool) {
        let id = self.state.makeID()
        guard self.encryption.canSeal(to: name) else {
            guard allowUnencrypted else {
                let why =
                    self.encryption.sealing == nil
                    ? "you have no identity key" : "no sealing key of \(name) is known (they have no keys, or share no room with you)"
                throw .wouldBeUnencrypted("not sent: it would go unencrypted, as \(why); /msg! \(name) TEXT sends it anyway")
            }
            self.send(.direct(DirectRequest(id: id, to: name, text: text)))
            return (id, false)
        }
        do throws(MessageText.Problem) {
            try MessageText.check(text.utf8, limit: SealedDirect.maxPlaintextBytes(forMessageBytes: self.messageBytes))
        } catch {
            throw .text(error)
        }
        self.send(.direct(DirectRequest(id: id, to: name, text: self.encryption.sealDirect(text, to: name, id: id)!)))
        return (id, true)
    }

    // MARK: Inside

    /// Queues shares to send; `first`: before anything queued already.
    func queue(_ shares: [ClientMessage], first: Bool = false) {
        for share in shares.reversed() where first { self.state.enqueue(share, first: true) }
        for share in shares where !first { self.state.enqueue(share) }
        self.sendable.fire()
    }

    /// A room's snapshot and its history are applied: sends the key's announcement if one was due
    /// (before any message said meanwhile, which is sealed with that key), and returns what the history changed.
    func settle(_ room: String, members: [String]) -> [ChatEvent] {
        let (events, shares) = self.encryption.settled(room, members: members, makeID: { self.state.makeShareID() }, messageBytes: self.messageBytes)
        self.queue(shares, first: true)
        return events
    }

    /// Saves the keyring if a key was added or another became current since the last save.
    func saveKeyringIfChanged() {
        guard self.encryption.keyring.revision != self.savedKeyring else { return }
        self.savedKeyring = self.encryption.keyring.revision
        self.configuration.saveKeyring?(self.encryption.keyring)
    }

    /// Runs the rotations whose turn came, waiting for the next one in between; a child of the
    /// connection, since a rotation sends.
    func rotateWhenDue() async {
        while !Task.isCancelled {
            await self.pause(until: self.encryption.schedule.nextDue, orUntil: self.rotationsChanged)
            self.queue(self.encryption.dueRotations(now: .now, makeID: { self.state.makeShareID() }, messageBytes: self.messageBytes))
        }
    }
}
