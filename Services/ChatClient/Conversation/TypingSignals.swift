/// When this client tells a room that its person is typing (docs/PROTOCOL.md, "Conversation events"):
/// at most once every ``interval`` while they type, and once `active: false` when they send or clear
/// what they typed, if the room was told they type.
public struct TypingSignals: Sendable, Equatable {
    /// The least time between two `typing` frames to a room while its person types.
    public static let interval = Duration.seconds(3)

    /// Per room, when it was last told the person types (until they stopped).
    private var told: [String: ContinuousClock.Instant] = [:]

    public init() {}

    /// A key typed for `room`: whether to send `typing` now.
    public mutating func typed(in room: String, now: ContinuousClock.Instant) -> Bool {
        if let last = self.told[room], now - last < Self.interval { return false }
        self.told[room] = now
        return true
    }

    /// The text was sent or cleared: whether to send `typing` with `active: false` (only if the room
    /// was told the person types, and still believes it: receivers forget after ``Typists/expiry``).
    public mutating func stopped(in room: String, now: ContinuousClock.Instant) -> Bool {
        guard let last = self.told.removeValue(forKey: room) else { return false }
        return now - last < Typists.expiry
    }
}
