// The fuzz target (scripts/fuzz.sh) compiles this module and ChatProtocol as one.
#if canImport(ChatProtocol)
public import ChatProtocol
#endif

/// The body a `say` or `message` flagged `file` shares (docs/PROTOCOL.md, "File references"), as it lies
/// in the payload after the key and signature: the file id (16 bytes) and the body's size (u64).
public struct EnvelopeFileReference: Sendable, Hashable {
    public static let byteCount = FileID.byteCount + 8

    public var file: FileID
    public var size: UInt64

    public init(file: FileID, size: UInt64) {
        self.file = file
        self.size = size
    }

    /// The reference in its wire layout.
    public var bytes: [UInt8] {
        var bytes = self.file.bytes
        bytes.reserveCapacity(Self.byteCount)
        bytes.appendLittleEndian(self.size)
        return bytes
    }

    /// Reads the reference that starts `bytes`; `nil` if there are too few.
    public static func read(from bytes: some Collection<UInt8>) -> EnvelopeFileReference? {
        let head = Array(bytes.prefix(Self.byteCount))
        guard head.count == Self.byteCount, let file = FileID(bytes: head[..<FileID.byteCount]) else { return nil }
        let size = head.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: FileID.byteCount) }
        return EnvelopeFileReference(file: file, size: size)
    }

    /// The facts a client frame carries for it.
    public var facts: FileFacts { FileFacts(id: self.file.hex, size: Int(clamping: self.size)) }
}
