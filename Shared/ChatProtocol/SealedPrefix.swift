/// How an end-to-end sealed text starts (docs/PROTOCOL.md, "End-to-end encryption"): what a server
/// needs to know of sealing, and all it knows. Case matters: `E2E2:…` is an ordinary message.
public enum SealedPrefix {
    /// A room message or action sealed with a room key.
    public static let room = "e2e2:"
    /// A direct message sealed between two people.
    public static let direct = "e2d2:"
    /// A room key sealed to members (the text of a `share`).
    public static let share = "e2k2:"

    /// What a plain client is shown instead of a sealed text.
    public static let plainMarker = Array("[encrypted message]".utf8)

    /// Whether a text claims to be sealed (a room or direct message); it may still fail to open.
    public static func isSealed(_ text: some Collection<UInt8>) -> Bool {
        text.starts(with: Self.room.utf8) || text.starts(with: Self.direct.utf8)
    }
}
