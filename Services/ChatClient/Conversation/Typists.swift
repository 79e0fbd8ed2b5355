/// Who is typing in each room, as `typing` frames tell (docs/PROTOCOL.md, "Conversation events"): a
/// typist is forgotten after ``expiry`` without news, when they stop, leave, or a message of theirs arrives.
///
/// A value with the rules only; the clock is passed in, so tests need no waiting.
public struct Typists: Sendable, Equatable {
    /// How long a typist is shown without news.
    public static let expiry = Duration.seconds(6)

    /// Per room, each typist's name and when they stop counting.
    private var until: [String: [String: ContinuousClock.Instant]] = [:]

    public init() {}

    /// The names typing in `room`, sorted.
    public func names(in room: String) -> [String] {
        (self.until[room] ?? [:]).keys.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// A `typing` frame from `name`; returns whether the room's typists changed.
    public mutating func received(_ name: String, active: Bool, in room: String, now: ContinuousClock.Instant) -> Bool {
        guard active else { return self.forget(name, in: room) }
        let isNew = self.until[room]?[name] == nil
        self.until[room, default: [:]][name] = now + Self.expiry
        return isNew
    }

    /// `name` said something in `room`, or left it: not typing any more. Returns whether that changed anything.
    public mutating func forget(_ name: String, in room: String) -> Bool {
        self.until[room]?.removeValue(forKey: name) != nil
    }

    /// Forgets everyone: the connection dropped, so no news would come.
    public mutating func forgetAll() -> [String] {
        defer { self.until = [:] }
        return self.until.filter { !$0.value.isEmpty }.keys.sorted()
    }

    /// Forgets typists without news for ``expiry``; returns the rooms whose typists changed.
    public mutating func expire(now: ContinuousClock.Instant) -> [String] {
        var changed: [String] = []
        for (room, typists) in self.until {
            let kept = typists.filter { $0.value > now }
            if kept.count != typists.count {
                self.until[room] = kept
                changed.append(room)
            }
        }
        return changed.sorted()
    }

    /// When the next typist expires, if anyone is typing.
    public var nextExpiry: ContinuousClock.Instant? {
        self.until.values.flatMap(\.values).min()
    }
}
