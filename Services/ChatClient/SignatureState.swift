/// What a received message's signature says about who wrote it (docs/PROTOCOL.md, "What receivers do").
public enum SignatureState: Sendable, Hashable {
    /// Signed with the key pinned for its sender; `contactVerified` if the user compared safety numbers
    /// with them for that key.
    case verified(contactVerified: Bool)
    /// Signed, and the first key seen for this name: pinned now.
    case firstSeen(fingerprint: String)
    /// Signed, but with another key than the one pinned for the name: an impostor, or a new device.
    /// `wasVerified` if the pinned key was a verified contact's.
    case keyChanged(pinned: String, now: String, wasVerified: Bool)
    /// A signature that does not verify, or a key that is not one: never trust the text's sender.
    case invalid
    /// From a client without an identity key (the seed's, scripts).
    case unsigned

    /// Whether the signature verifies with the key the message came with (whatever the pins say).
    public var isValid: Bool {
        switch self {
        case .verified, .firstSeen, .keyChanged: true
        case .invalid, .unsigned: false
        }
    }

    /// Whether the sender is who the name says, as far as this client knows.
    public var isTrusted: Bool {
        switch self {
        case .verified, .firstSeen: true
        case .keyChanged, .invalid, .unsigned: false
        }
    }
}
