/// What happened to an encrypted room's current key, for the user to be told.
public enum RoomKeyChange: Sendable, Equatable {
    /// A new current key. `by`: who rotated it (`nil`: this client); `after`: members who left the
    /// room just before; `without`: other holders of the old key the new one was not given to.
    case rotated(fingerprint: String, by: String?, after: [String], without: [String])
    /// `by` gave everyone but this client a new key: what is said from now on cannot be read here.
    case leftOut(by: String?)
    /// This client gave the room's current key to `to` (``ChatClient/add(_:to:)``).
    case added(to: String, fingerprint: String)
    /// The room's history is sealed, and this client has no key for it: what it says there goes in
    /// the clear (marked so for the members) until a member shares the key or sends a link.
    case notHeld
}
