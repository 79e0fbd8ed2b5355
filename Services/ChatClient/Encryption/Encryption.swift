public import ChatProtocol
public import EndToEnd
public import Identity

/// Everything end-to-end encryption remembers, and what each event means for it: which keys each
/// room has and which is current, who holds them, whose sealing keys are known, which rotations wait
/// for their turn and which of this client's own shares wait for their `ack`.
///
/// Free of I/O and clocks, like ``ClientState``: ``ChatClient`` feeds it the events in the room's
/// order and sends what it returns, and tests drive it directly. See docs/PROTOCOL.md, "End-to-end
/// encryption (`e2e2`)".
public struct Encryption: Sendable {
    /// This client's sealing key; `nil` without an identity key, which leaves it unable to encrypt.
    public let sealing: SealingKey?
    public internal(set) var keyring: RoomKeyring
    public internal(set) var directory = MemberDirectory()
    public internal(set) var schedule = RotationSchedule()
    /// Shares this client sent, by frame id, applied at their `ack`: a key of its own seals only once
    /// the ack shows its share came first.
    var ownShares: [String: OwnShare] = [:]
    /// Rooms whose key this client shares once it is in them.
    var announcements: [String: Announcement] = [:]
    /// Who left each room (holders of its key) since its last rotation, for the notice of the next one.
    var leavers: [String: [String]] = [:]
    /// Rooms whose key changed while their history was applied: told once, when the snapshot is done.
    var changedInHistory: Set<String> = []
    /// Rooms this client does not encrypt whose snapshot holds sealed texts or shares.
    var sealedByOthers: Set<String> = []

    /// A share this client sent.
    struct OwnShare: Sendable {
        enum Purpose: Sendable, Equatable {
            /// A new key for the room, not given to these (by name, beside the leavers).
            case rotation(without: [String])
            /// The current key, to one more member (`/add`).
            case addition(String)
            /// The current key, to the members (a key made here) or to this client (from an invite link).
            case announcement
        }

        let room: String
        let key: RoomKey
        let share: KeyShare
        let purpose: Purpose
    }

    /// Whom to share a room's key with once this client is in the room.
    enum Announcement: Sendable, Equatable {
        /// A key made here: to the members whose sealing keys are known, and to this client.
        case toMembers
        /// A key from an invite link: to this client alone, so that the holders learn it has it.
        case toSelf
    }

    public init(identity: Identity?, keyring: RoomKeyring = RoomKeyring()) {
        self.sealing = identity?.sealingKey
        self.keyring = keyring
    }

    /// This client, as shares name it.
    var me: IdentityPrefix? { self.sealing.map { IdentityPrefix($0.identityKey) } }

    /// The room's current key, if it has one.
    public func currentKey(of room: String) -> RoomKey? { self.keyring.keychain(of: room)?.currentKey }

    // MARK: Receiving

    /// A snapshot arrived: its members' keys and boxes are known from now on, and whether others
    /// encrypt a room this client does not.
    public mutating func learn(_ snapshot: RoomSnapshot) {
        self.directory.learn(snapshot)
        let sealed = snapshot.history.contains { $0.kind == .share || SealedPrefix.isSealed(Array($0.text.utf8)) }
        if sealed && !self.keyring.isEncrypted(snapshot.room) { self.sealedByOthers.insert(snapshot.room) }
    }

    /// A received room message with its text opened, or marked (see ``MessageEncryption``), and what
    /// to tell: in a passphrase room, a message sealed with another salt makes its key the one to seal
    /// with, whose fingerprint members compare (told once for history, when the snapshot is settled).
    public mutating func open(_ message: ChatMessage, isHistory: Bool) -> (message: ChatMessage, encryption: MessageEncryption, events: [ChatEvent]) {
        let before = self.keyring.keychain(of: message.room)?.current
        let (opened, encryption) = self.keyring.open(message)
        guard let current = self.keyring.keychain(of: message.room)?.current, current != before else { return (opened, encryption, []) }
        guard !isHistory else {
            self.changedInHistory.insert(message.room)
            return (opened, encryption, [])
        }
        return (opened, encryption, [.encrypted(room: message.room, fingerprint: current.fingerprint)])
    }

    /// A `share` from someone else, in the room's order; `signed`: its signature verified. A share
    /// without one is ignored, and so is one whose possession proof this client can check and that
    /// does not verify. Returns what to tell the user (nothing for history, which
    /// ``settled(_:members:makeID:messageBytes:)`` sums up).
    public mutating func receiveShare(_ message: ChatMessage, signed: Bool, isHistory: Bool) -> [ChatEvent] {
        let keys = self.keyring.keychain(of: message.room)?.keys ?? [:]
        guard signed, let sealing = self.sealing, let sender = message.key.flatMap(IdentityKey.init(text:)),
            let share = try? KeyShare(parsing: message.text),
            let reading = try? share.read(room: message.room, sender: sender, id: message.id ?? "", for: sealing, holding: { keys[$0] })
        else { return [] }
        return self.apply(share, reading: reading, room: message.room, sender: sender, by: message.from, purpose: nil, isHistory: isHistory)
    }

    /// An `ack` of this client's: if it is a share's, the share takes effect now, in the room's order
    /// (proven: this client made its proof with a key it holds).
    public mutating func acknowledged(_ ack: Ack) -> [ChatEvent] {
        guard let own = self.ownShares.removeValue(forKey: ack.id), let sealing = self.sealing else { return [] }
        let reading = KeyShare.Reading(key: own.key, isProven: true)
        return self.apply(own.share, reading: reading, room: own.room, sender: sealing.identityKey, by: nil, purpose: own.purpose, isHistory: false)
    }

    private mutating func apply(
        _ share: KeyShare,
        reading: KeyShare.Reading,
        room: String,
        sender: IdentityKey,
        by name: String?,
        purpose: OwnShare.Purpose?,
        isHistory: Bool
    ) -> [ChatEvent] {
        // A share of a room this client does not encrypt, with nothing for it, changes nothing; nor
        // does one in a passphrase room, which has no shares.
        guard reading.key != nil || self.keyring.keychain(of: room) != nil, self.keyring.keychain(of: room)?.isPassphraseRoom != true else {
            return []
        }
        let outcome = self.keyring.update(room) { $0.apply(share, reading: reading, sender: IdentityPrefix(sender)) }
        self.schedule.keyChanged(in: room, to: self.keyring.keychain(of: room)!)
        if isHistory {
            if outcome != .ignored { self.changedInHistory.insert(room) }
            return []
        }
        switch outcome {
        case .rotated(_, let to):
            let after = self.leavers.removeValue(forKey: room) ?? []
            let without: [String] = if case .rotation(let without) = purpose { without } else { [] }
            return [.roomKey(room: room, .rotated(fingerprint: to.fingerprint, by: name, after: after, without: without))]
        case .leftOut:
            self.leavers[room] = nil
            return [.roomKey(room: room, .leftOut(by: name))]
        case .adopted(let id):
            return [.encrypted(room: room, fingerprint: id.fingerprint)]
        case .kept(let id):
            guard case .addition(let name) = purpose else { return [] }
            return [.roomKey(room: room, .added(to: name, fingerprint: id.fingerprint))]
        case .ignored:
            return []
        }
    }

    /// A presence event: keys and boxes of who joined or was renamed are noted, and a holder of a
    /// room's key who *left* the room (a `leave`, never a dropped connection) schedules a rotation by
    /// this client's rank. Returns whether the schedule changed.
    @discardableResult
    public mutating func receive(_ presence: Presence, members: [String], now: ContinuousClock.Instant) -> Bool {
        switch presence.event {
        case .joined, .renamed:
            self.directory.learn(name: presence.name, key: presence.key, box: presence.box)
            return false
        case .left:
            guard presence.reason == .leave, let me = self.me, let keychain = self.keyring.keychain(of: presence.room),
                !keychain.isPassphraseRoom, let current = keychain.current, let leaverKey = self.directory.key(of: presence.name)
            else { return false }
            let leaver = IdentityPrefix(leaverKey)
            guard leaver != me, keychain.holdsCurrent(leaver) else { return false }
            self.leavers[presence.room, default: []].append(presence.name)
            let present = members.compactMap { self.directory.key(of: $0).map(IdentityPrefix.init) }.filter(keychain.holdsCurrent)
            guard let rank = RotationSchedule.rank(of: me, among: Set(present + [me])) else { return false }
            self.schedule.holderLeft(leaver, name: presence.name, room: presence.room, key: current, rank: rank, now: now)
            return true
        }
    }

    /// A room's snapshot and its history are applied: tells what the history changed, and shares the
    /// room's key as announced (a key made here, or one from an invite link).
    public mutating func settled(
        _ room: String,
        members: [String],
        makeID: () -> String,
        messageBytes: Int
    ) -> (events: [ChatEvent], shares: [ClientMessage]) {
        var events: [ChatEvent] = []
        if self.sealedByOthers.remove(room) != nil, !self.keyring.isEncrypted(room) {
            events.append(.roomKey(room: room, .notHeld))
        }
        if self.changedInHistory.remove(room) != nil, let keychain = self.keyring.keychain(of: room) {
            if let current = keychain.current {
                events.append(.encrypted(room: room, fingerprint: current.fingerprint))
            } else if keychain.withheld != nil {
                events.append(.roomKey(room: room, .leftOut(by: nil)))
            }
        }
        guard let announcement = self.announcements.removeValue(forKey: room) else { return (events, []) }
        let shares = self.announce(announcement, in: room, members: members, makeID: makeID, messageBytes: messageBytes)
        return (events, shares)
    }
}
