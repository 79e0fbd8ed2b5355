public import EndToEnd

/// When this client rotates a room's key after a holder left (docs/PROTOCOL.md, "Who rotates, and to whom").
///
/// The holders still in the room rank themselves by identity key, ascending: the first rotates at
/// once, the next ``rankDelay`` later if no rotation came meanwhile, and so on, so that one leave
/// makes one rotation, not a storm. A value with no clock of its own: callers pass the time.
public struct RotationSchedule: Sendable, Equatable {
    public static let rankDelay: Duration = .seconds(2)

    /// A rotation waiting for its turn.
    public struct Pending: Sendable, Equatable {
        public var due: ContinuousClock.Instant
        /// The key to replace.
        public var key: KeyID
        /// Who left, by prefix, with the name they had: not to get the new key.
        public var leavers: [IdentityPrefix: String]
    }

    public private(set) var pending: [String: Pending] = [:]

    public init() {}

    /// This client's place among the holders still in the room (itself included), or `nil` if it is
    /// not one of them.
    public static func rank(of me: IdentityPrefix, among holders: Set<IdentityPrefix>) -> Int? {
        holders.contains(me) ? holders.sorted().firstIndex(of: me) : nil
    }

    /// A holder of `key` left `room`: rotate after this client's rank's delay, or sooner if already due.
    public mutating func holderLeft(_ leaver: IdentityPrefix, name: String, room: String, key: KeyID, rank: Int, now: ContinuousClock.Instant) {
        let due = now + Self.rankDelay * rank
        var entry = self.pending[room] ?? Pending(due: due, key: key, leavers: [:])
        entry.due = min(entry.due, due)
        entry.key = key
        entry.leavers[leaver] = name
        self.pending[room] = entry
    }

    /// The room's current key changed (someone's rotation came first, or this client was left out):
    /// leavers who do not hold the new key need no rotation any more; nothing is left to do without a
    /// current key.
    public mutating func keyChanged(in room: String, to keychain: RoomKeychain) {
        guard var entry = self.pending[room], entry.key != keychain.current else { return }
        guard let current = keychain.current else {
            self.pending[room] = nil
            return
        }
        entry.leavers = entry.leavers.filter { keychain.holders[current]?.contains($0.key) ?? false }
        entry.key = current
        self.pending[room] = entry.leavers.isEmpty ? nil : entry
    }

    /// A rotation of the room is on its way (this client's own): nothing more to wait for.
    public mutating func cancel(_ room: String) {
        self.pending[room] = nil
    }

    /// When the next rotation is due.
    public var nextDue: ContinuousClock.Instant? { self.pending.values.map(\.due).min() }

    /// The rotations due at `now`, taken off the schedule.
    public mutating func takeDue(now: ContinuousClock.Instant) -> [(room: String, pending: Pending)] {
        let due = self.pending.filter { $0.value.due <= now }.sorted { $0.key < $1.key }
        for (room, _) in due { self.pending[room] = nil }
        return due.map { ($0.key, $0.value) }
    }
}
