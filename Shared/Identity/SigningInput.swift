/// The exact bytes that are signed (docs/PROTOCOL.md, "Identity (id1)"): a label naming the purpose,
/// then each field as its length (4 bytes, big-endian) and its bytes, so that no two different
/// frames have the same input.
public enum SigningInput {
    /// What a signed message is: each kind signs its own, so that one never verifies as another.
    public enum Kind: String, Sendable {
        case message, action, share
        case direct = "dm"
        /// Conversation events (docs/PROTOCOL.md, "Conversation events"): each also signs its target's id.
        case edit, delete, reaction
        /// A shared file (docs/PROTOCOL.md, "Files"): signs its metadata and the file id.
        case file
    }

    /// The proof of `hello`: the gateway's challenge and the name asked for.
    public static func hello(nonce: some Collection<UInt8>, name: String) -> [UInt8] {
        var input = Array("privchat/id1/hello".utf8)
        Self.append(nonce, to: &input)
        Self.append(name.utf8, to: &input)
        return input
    }

    /// A message: its kind, its scope (the room, or the addressee's name lowercased), its id and its
    /// text; then the id of each message it refers to (a reply's original, an edit's target), so that a
    /// signature never verifies for another reference, or with none.
    public static func message(kind: Kind, scope: String, id: String, text: some Collection<UInt8>, refs: [String] = []) -> [UInt8] {
        var input = Array("privchat/id1/sign".utf8)
        input.reserveCapacity(input.count + 16 + scope.utf8.count + id.utf8.count + text.count + 8 + refs.reduce(0) { $0 + 4 + $1.utf8.count })
        Self.append(kind.rawValue.utf8, to: &input)
        Self.append(scope.utf8, to: &input)
        Self.append(id.utf8, to: &input)
        Self.append(text, to: &input)
        for ref in refs { Self.append(ref.utf8, to: &input) }
        return input
    }

    /// The scope of a direct message to `addressee`: the name lowercased, as names are unique regardless of case.
    public static func directScope(_ addressee: String) -> String { addressee.lowercased() }

    /// A sealing key, signed by the identity key it belongs to (docs/PROTOCOL.md, "Sealing keys").
    public static func box(publicKey: some Collection<UInt8>) -> [UInt8] {
        var input = Array("privchat/e2e2/box".utf8)
        Self.append(publicKey, to: &input)
        return input
    }

    static func append(_ field: some Collection<UInt8>, to input: inout [UInt8]) {
        Field.append(field, to: &input)
    }
}
