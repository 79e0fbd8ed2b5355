// The fuzz target (scripts/fuzz.sh) compiles this module and ChatProtocol as one.
#if canImport(ChatProtocol)
public import ChatProtocol
#endif

/// The message a `say` or `message` flagged `refers` is about (docs/PROTOCOL.md, "References"), as it lies
/// in the payload after the key and signature: relation (u8), room sequence (u64), id (u8 length, bytes),
/// author (u8 length, bytes).
public struct EnvelopeReference: Sendable, Hashable {
    public enum Relation: UInt8, Sendable, Hashable {
        case reply = 1
        case edit = 2
        case delete = 3
        case reaction = 4
    }

    public var relation: Relation
    public var roomSequence: UInt64
    /// The target's id as receivers saw it (empty when it had none).
    public var id: String
    /// The target's author: filled in by the relay on a reply whose target it holds, else empty.
    public var author: String

    public init(relation: Relation, roomSequence: UInt64, id: String, author: String = "") {
        self.relation = relation
        self.roomSequence = roomSequence
        self.id = id
        self.author = author
    }

    /// The reference in its wire layout. Ids are at most 128 bytes and names 128 (ChatProtocol's limits).
    public var bytes: [UInt8] {
        var bytes: [UInt8] = [self.relation.rawValue]
        bytes.reserveCapacity(11 + self.id.utf8.count + self.author.utf8.count)
        bytes.appendLittleEndian(self.roomSequence)
        bytes.append(UInt8(clamping: self.id.utf8.count))
        bytes += self.id.utf8.prefix(255)
        bytes.append(UInt8(clamping: self.author.utf8.count))
        bytes += self.author.utf8.prefix(255)
        return bytes
    }

    /// Reads the reference that starts `bytes`, and how many bytes it took; `nil` if it is malformed.
    public static func read(from bytes: some Collection<UInt8>) -> (reference: EnvelopeReference, length: Int)? {
        let bytes = Array(bytes.prefix(2 + 8 + 2 * 256))
        guard bytes.count >= 11, let relation = Relation(rawValue: bytes[0]) else { return nil }
        let sequence = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 1) }
        let idLength = Int(bytes[9])
        guard bytes.count >= 11 + idLength else { return nil }
        let authorLength = Int(bytes[10 + idLength])
        let end = 11 + idLength + authorLength
        guard bytes.count >= end,
            let id = String(validating: bytes[10..<10 + idLength], as: UTF8.self),
            let author = String(validating: bytes[11 + idLength..<end], as: UTF8.self)
        else { return nil }
        return (EnvelopeReference(relation: relation, roomSequence: sequence, id: id, author: author), end)
    }

    /// The message reference a client frame carries for this one (`from` only when the relay filled it in).
    public var messageReference: MessageReference {
        MessageReference(seq: self.roomSequence, id: self.id, from: self.author.isEmpty ? nil : self.author)
    }

    /// The kind of the client frame that carries this relation, for a message that is not an action.
    public var kind: ChatMessage.Kind? {
        switch self.relation {
        case .reply: nil
        case .edit: .edit
        case .delete: .delete
        case .reaction: .reaction
        }
    }
}
