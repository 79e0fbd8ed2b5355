/// How far people read each room (docs/PROTOCOL.md, "Conversation events"): this person's own marker,
/// kept across devices and reconnects by the relay, and the visible markers of the others.
///
/// Markers only move forward. What this client reads is sent at most once every ``interval`` a room:
/// reading a burst of messages sends one `read`, for the last.
public struct ReadMarkers: Sendable, Equatable {
    /// The least time between two `read` frames to a room.
    public static let interval = Duration.seconds(1)

    /// This person's marker per room: from snapshots, their other devices, and what this client read.
    public private(set) var own: [String: UInt64] = [:]
    /// The visible markers of the rooms' other members, by room and name.
    public private(set) var others: [String: [String: UInt64]] = [:]
    /// Per room, the marker read here and not sent yet.
    private var unsent: [String: UInt64] = [:]
    /// Per room, when the last `read` was sent.
    private var sentAt: [String: ContinuousClock.Instant] = [:]

    public init() {}

    /// A snapshot's markers: this person's, and the visible ones of its members.
    public mutating func learn(room: String, own: UInt64?, others: [String: UInt64]?) {
        if let own { _ = self.moveOwn(room, to: own) }
        for (name, seq) in others ?? [:] { _ = self.moveOther(name, in: room, to: seq) }
    }

    /// A `read` frame: from `name` (this person's other device when `isOwn`). Returns whether a marker moved.
    public mutating func received(_ seq: UInt64, from name: String, in room: String, isOwn: Bool) -> Bool {
        isOwn ? self.moveOwn(room, to: seq) : self.moveOther(name, in: room, to: seq)
    }

    /// This client showed `room` up to `seq`: whether to send `read` now (else it waits for ``due(now:)``).
    public mutating func read(_ seq: UInt64, in room: String, now: ContinuousClock.Instant) -> Bool {
        guard self.moveOwn(room, to: seq) else { return false }
        if let last = self.sentAt[room], now - last < Self.interval {
            self.unsent[room] = seq
            return false
        }
        self.sentAt[room] = now
        self.unsent[room] = nil
        return true
    }

    /// When a waiting `read` is due, if one waits.
    public var nextDue: ContinuousClock.Instant? {
        self.unsent.keys.compactMap { self.sentAt[$0].map { $0 + Self.interval } }.min()
    }

    /// The markers due at `now`, to send: room and seq.
    public mutating func due(now: ContinuousClock.Instant) -> [(room: String, seq: UInt64)] {
        let due = self.unsent.filter { room, _ in self.sentAt[room].map { now - $0 >= Self.interval } ?? true }
        for room in due.keys {
            self.unsent[room] = nil
            self.sentAt[room] = now
        }
        return due.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private mutating func moveOwn(_ room: String, to seq: UInt64) -> Bool {
        guard seq > (self.own[room] ?? 0) else { return false }
        self.own[room] = seq
        return true
    }

    private mutating func moveOther(_ name: String, in room: String, to seq: UInt64) -> Bool {
        guard seq > (self.others[room]?[name] ?? 0) else { return false }
        self.others[room, default: [:]][name] = seq
        return true
    }
}
