public import ChatProtocol
public import EndToEnd
import Identity

/// Why an encryption request cannot be done, in words for the user.
public struct EncryptionProblem: Error, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    static let noIdentity = EncryptionProblem("end-to-end encryption needs an identity key (you connected with --no-identity)")
}

extension Encryption {
    /// Encrypts `room` with a new random key made here, current at once (nobody else has a key of it
    /// to race with); it is shared with the room's members once this client is in the room.
    @discardableResult
    public mutating func encryptNew(_ room: String) throws(EncryptionProblem) -> RoomKey {
        guard self.sealing != nil else { throw .noIdentity }
        if let current = self.currentKey(of: room) {
            throw EncryptionProblem("\(room) is encrypted already (key \(current.fingerprint)): /rekey makes a new key")
        }
        let key = RoomKey.random()
        self.keyring.add(key, to: room, current: true)
        self.announcements[room] = .toMembers
        return key
    }

    /// Encrypts `room` with a key from an invite link: current at once, and shared with this client
    /// alone once it is in the room, unless the room's history shows a newer key meanwhile.
    ///
    /// A link whose key this client has already changes nothing: the key it seals with may be newer
    /// (an old link must not bring back a key a removed member holds).
    public mutating func encrypt(_ room: String, linkKey key: RoomKey) throws(EncryptionProblem) {
        guard self.sealing != nil else { throw .noIdentity }
        guard self.keyring.keychain(of: room)?.keys[key.id] == nil else { return }
        self.keyring.add(key, to: room, current: true)
        self.announcements[room] = .toSelf
    }

    /// Encrypts `room` with a passphrase, and the key it gives with a salt of this client's.
    public mutating func encrypt(_ room: String, passphrase: String, ownKey: RoomKey) throws(EncryptionProblem) {
        guard self.sealing != nil else { throw .noIdentity }
        self.keyring.add(passphrase: passphrase, ownKey: ownKey, to: room)
    }

    /// A new key for `room`, shared with the holders of the current one whose sealing keys are known,
    /// but not with `removed`: the shares to send, with ids from `makeID` (each share's proof binds its
    /// id, so it is picked before sealing). It becomes current at the first share's ack, if no other
    /// rotation came before it.
    public mutating func rekey(
        _ room: String,
        removing removed: [IdentityPrefix: String] = [:],
        makeID: () -> String,
        messageBytes: Int
    ) throws(EncryptionProblem) -> [ClientMessage] {
        let (sealing, current) = try self.sharable(room)
        let others = (self.keyring.keychain(of: room)?.holders[current.id] ?? []).filter { $0 != self.me && removed[$0] == nil }
        let recipients =
            [KeyShare.Recipient(identityKey: sealing.identityKey, box: sealing.box)] + others.sorted().compactMap(self.directory.recipient(holding:))
        let key = RoomKey.random()
        let shares = KeyShare.sealAll(
            key,
            previous: current,
            room: room,
            sender: sealing.identityKey,
            to: recipients,
            messageBytes: messageBytes,
            makeID: makeID
        )
        let leavers = Set(self.leavers[room] ?? [])
        let without = removed.values.filter { !leavers.contains($0) }.sorted()
        self.schedule.cancel(room)
        return shares.map { self.track($0.share, id: $0.id, key: key, room: room, purpose: .rotation(without: without)) }
    }

    /// `/remove NAME`: a rekey without them.
    public mutating func remove(
        _ name: String,
        from room: String,
        makeID: () -> String,
        messageBytes: Int
    ) throws(EncryptionProblem) -> [ClientMessage] {
        guard let key = self.directory.key(of: name) else { throw EncryptionProblem("no identity key seen for \(name)") }
        return try self.rekey(room, removing: [IdentityPrefix(key): name], makeID: makeID, messageBytes: messageBytes)
    }

    /// `/add NAME`: the room's current key, shared with NAME (a distribution: its proof is of that key).
    public mutating func add(_ name: String, to room: String, makeID: () -> String) throws(EncryptionProblem) -> [ClientMessage] {
        let (sealing, current) = try self.sharable(room)
        guard let recipient = self.directory.recipient(named: name) else {
            throw EncryptionProblem("no sealing key seen for \(name): they need an identity key, and to have been in a room with you")
        }
        let id = makeID()
        let share = KeyShare.seal(current, previous: nil, room: room, sender: sealing.identityKey, id: id, to: [recipient])
        return [self.track(share, id: id, key: current, room: room, purpose: .addition(name))]
    }

    /// The rotations whose turn came at `now`: the shares to send (none for a room whose key changed
    /// meanwhile, which makes the rotation moot).
    public mutating func dueRotations(now: ContinuousClock.Instant, makeID: () -> String, messageBytes: Int) -> [ClientMessage] {
        self.schedule.takeDue(now: now).flatMap { room, pending -> [ClientMessage] in
            guard self.keyring.keychain(of: room)?.current == pending.key else { return [] }
            return (try? self.rekey(room, removing: pending.leavers, makeID: makeID, messageBytes: messageBytes)) ?? []
        }
    }

    /// A share of this client's was refused: it will have no ack.
    public mutating func refused(id: String) {
        self.ownShares[id] = nil
    }

    /// The room's key as announced once this client is in the room: to this client alone (a key from a
    /// link, unless a newer one replaced it, or the holders know already), or to the members.
    mutating func announce(
        _ announcement: Announcement,
        in room: String,
        members: [String],
        makeID: () -> String,
        messageBytes: Int
    ) -> [ClientMessage] {
        guard let (sealing, current) = try? self.sharable(room), let me = self.me else { return [] }
        var recipients = [KeyShare.Recipient(identityKey: sealing.identityKey, box: sealing.box)]
        switch announcement {
        case .toSelf:
            guard self.keyring.keychain(of: room)?.holdsCurrent(me) != true else { return [] }
        case .toMembers:
            recipients += members.compactMap(self.directory.recipient(named:)).filter { $0.identityKey != sealing.identityKey }
        }
        let shares = KeyShare.sealAll(
            current,
            previous: nil,
            room: room,
            sender: sealing.identityKey,
            to: recipients,
            messageBytes: messageBytes,
            makeID: makeID
        )
        return shares.map { self.track($0.share, id: $0.id, key: current, room: room, purpose: .announcement) }
    }

    /// Whether a room's key can be shared from here: the sealing key and the current random key.
    private func sharable(_ room: String) throws(EncryptionProblem) -> (SealingKey, RoomKey) {
        guard let sealing = self.sealing else { throw .noIdentity }
        guard let keychain = self.keyring.keychain(of: room) else { throw EncryptionProblem("\(room) is not encrypted") }
        guard !keychain.isPassphraseRoom else {
            throw EncryptionProblem("\(room) is encrypted with a passphrase: it has no keys to share (agree on a new passphrase instead)")
        }
        guard let current = keychain.currentKey else {
            throw EncryptionProblem("the key of \(room) was changed without you: ask a member to /add you")
        }
        return (sealing, current)
    }

    /// A share as it goes out with frame id `id` (the one its proof binds), remembered until its ack.
    private mutating func track(_ share: KeyShare, id: String, key: RoomKey, room: String, purpose: OwnShare.Purpose) -> ClientMessage {
        self.ownShares[id] = OwnShare(room: room, key: key, share: share, purpose: purpose)
        return .share(Say(id: id, room: room, text: share.text))
    }
}
