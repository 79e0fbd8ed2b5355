/// `prove`: the answer to a `challenge`, the signature (base64url) of the hello input.
public struct Prove: Sendable, Hashable, Decodable {
    public var signature: String

    public init(signature: String) {
        self.signature = signature
    }

    func write(into writer: inout JSONWriter) {
        writer.field("signature", self.signature)
    }
}
