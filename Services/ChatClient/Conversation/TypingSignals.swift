/// When this client tells a room that its person is typing (docs/PROTOCOL.md, "Conversation events"):
/// again every ``refresh`` while they type, `active: false` once when they send or clear what they typed,
/// and never two frames within ``pace`` (the server drops what is over, silently): a change that comes
/// too soon waits for its turn (``due(now:)``), so a stop is never lost.
public struct TypingSignals: Sendable, Equatable {
    /// How often a room is told again that its person still types.
    public static let refresh = Duration.seconds(3)
    /// The least time between two `typing` frames: the server's pace for them.
    public static let pace = Duration.seconds(1)

    private struct Room: Sendable, Equatable {
        /// What the person is doing, and what the room was last told.
        var typing = false
        var told = false
        /// When the room was last told that they type, and when it was last sent a frame.
        var refreshed: ContinuousClock.Instant?
        var sent: ContinuousClock.Instant?
    }

    private var rooms: [String: Room] = [:]

    public init() {}

    /// A key typed for `room`: the frame to send now (`true`: typing), if any.
    public mutating func typed(in room: String, now: ContinuousClock.Instant) -> Bool? {
        self.rooms[room, default: Room()].typing = true
        return self.frame(for: room, now: now)
    }

    /// The text was sent or cleared: the frame to send now (`false`: stopped), if any.
    public mutating func stopped(in room: String, now: ContinuousClock.Instant) -> Bool? {
        guard self.rooms[room] != nil else { return nil }
        self.rooms[room]?.typing = false
        return self.frame(for: room, now: now)
    }

    /// When a change that came too soon may be sent, if one waits.
    public var nextDue: ContinuousClock.Instant? {
        self.rooms.values.filter { $0.typing != $0.told }.compactMap { $0.sent.map { $0 + Self.pace } }.min()
    }

    /// The frames whose turn came at `now`: room, and whether it says typing.
    public mutating func due(now: ContinuousClock.Instant) -> [(room: String, active: Bool)] {
        self.rooms.filter { $0.value.typing != $0.value.told }.keys.sorted().compactMap { room in
            self.frame(for: room, now: now).map { (room, $0) }
        }
    }

    /// The frame `room` is owed now, if any, noted as sent.
    private mutating func frame(for room: String, now: ContinuousClock.Instant) -> Bool? {
        guard var state = self.rooms[room] else { return nil }
        defer { self.rooms[room] = state }
        // Receivers forget a typist after 6 s without news: a stop that late tells them nothing.
        if !state.typing, state.told, let refreshed = state.refreshed, now - refreshed >= Typists.expiry { state.told = false }
        let stale = state.typing && (state.refreshed.map { now - $0 >= Self.refresh } ?? true)
        guard state.typing != state.told || stale else { return nil }
        if let sent = state.sent, now - sent < Self.pace { return nil }
        state.told = state.typing
        state.sent = now
        if state.typing { state.refreshed = now }
        return state.typing
    }
}
