/// What marks a message as its sender's: the sender's identity key and signature, in base64url, as a
/// message frame carries them (docs/PROTOCOL.md, "Identity (id1)").
public struct SignatureStamp: Sendable, Hashable {
    public var key: String
    public var sig: String

    public init(key: String, sig: String) {
        self.key = key
        self.sig = sig
    }

    /// The stamp of a frame that has both fields; `nil` for an unsigned one.
    public init?(key: String?, sig: String?) {
        guard let key, let sig else { return nil }
        self.init(key: key, sig: sig)
    }
}
