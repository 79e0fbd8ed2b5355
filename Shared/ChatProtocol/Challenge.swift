/// `challenge`: the gateway's answer to a `hello` that names an identity key. The client proves it
/// holds the key by signing the hello input with this nonce (`prove`).
public struct Challenge: Sendable, Hashable, Codable {
    /// 32 random bytes, base64url: good for one `prove` on this connection.
    public var nonce: String

    public init(nonce: String) {
        self.nonce = nonce
    }

    static let frameType = "challenge"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in writer.field("nonce", self.nonce) }
    }
}
