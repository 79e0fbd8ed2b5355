/// The fixed part of an encoded envelope, read in place without copying the variable fields.
///
/// The relay uses this on its hot path: it validates a received envelope, reads its kind and room,
/// and stamps it (``stamp(_:kind:epoch:sequence:roomSequence:timestamp:)``) in the same buffer.
public struct EnvelopeHeader: Sendable, Hashable {
    public let kind: EnvelopeKind
    public let flags: EnvelopeFlags
    public let epoch: UInt64
    public let sequence: UInt64
    public let roomSequence: UInt64
    public let timestamp: UInt64
    public let origin: Origin
    public let trace: UInt64
    /// Where each variable field lies in the encoded bytes.
    public let roomRange: Range<Int>
    public let senderRange: Range<Int>
    public let targetRange: Range<Int>
    public let clientMessageIDRange: Range<Int>
    public let payloadRange: Range<Int>

    /// Reads and checks the header of `bytes`: version, kind, and that the lengths add up exactly.
    public init(validating bytes: UnsafeRawBufferPointer) throws(EnvelopeError) {
        let size = try Self.size(ofEnvelopeAt: bytes)
        guard size == bytes.count else {
            throw EnvelopeError(.lengthMismatch, "fields add up to \(size), got \(bytes.count)")
        }
        self.init(checkedPrefixOf: bytes)
    }

    /// The size of the envelope that starts `bytes` (which may hold more after it): its header's lengths
    /// added up, checked against what there is.
    public static func size(ofEnvelopeAt bytes: UnsafeRawBufferPointer) throws(EnvelopeError) -> Int {
        typealias L = EnvelopeLayout
        guard bytes.count >= L.headerSize else {
            throw EnvelopeError(.tooShort, "\(bytes.count) bytes, header needs \(L.headerSize)")
        }
        let version = bytes[L.versionOffset]
        guard version == L.version else { throw EnvelopeError(.unsupportedVersion, "version \(version)") }
        guard EnvelopeKind(rawValue: bytes[L.kindOffset]) != nil else {
            throw EnvelopeError(.unknownKind, "kind \(bytes[L.kindOffset])")
        }
        let room = Int(bytes.readLittleEndian(UInt16.self, at: L.roomLengthOffset))
        let sender = Int(bytes.readLittleEndian(UInt16.self, at: L.senderLengthOffset))
        let target = Int(bytes.readLittleEndian(UInt16.self, at: L.targetLengthOffset))
        let clientMessageID = Int(bytes.readLittleEndian(UInt16.self, at: L.clientMessageIDLengthOffset))
        let payload = Int(bytes.readLittleEndian(UInt32.self, at: L.payloadLengthOffset))
        guard max(room, sender, target, clientMessageID) <= L.maximumFieldBytes else {
            throw EnvelopeError(.fieldTooLong, "field of \(max(room, sender, target, clientMessageID)) bytes")
        }
        let size = L.headerSize + room + sender + target + clientMessageID + payload
        guard size <= bytes.count else {
            throw EnvelopeError(.lengthMismatch, "fields add up to \(size), got \(bytes.count)")
        }
        return size
    }

    /// Reads the header of an envelope whose size ``size(ofEnvelopeAt:)`` checked.
    private init(checkedPrefixOf bytes: UnsafeRawBufferPointer) {
        typealias L = EnvelopeLayout
        self.kind = EnvelopeKind(rawValue: bytes[L.kindOffset])!
        self.flags = EnvelopeFlags(rawValue: bytes.readLittleEndian(UInt16.self, at: L.flagsOffset))
        self.epoch = bytes.readLittleEndian(UInt64.self, at: L.epochOffset)
        self.sequence = bytes.readLittleEndian(UInt64.self, at: L.sequenceOffset)
        self.roomSequence = bytes.readLittleEndian(UInt64.self, at: L.roomSequenceOffset)
        self.timestamp = bytes.readLittleEndian(UInt64.self, at: L.timestampOffset)
        self.origin = Origin(
            gateway: bytes.readLittleEndian(UInt64.self, at: L.gatewayOffset),
            connection: bytes.readLittleEndian(UInt64.self, at: L.connectionOffset)
        )
        self.trace = bytes.readLittleEndian(UInt64.self, at: L.traceOffset)
        var start = L.headerSize
        func next(_ length: Int) -> Range<Int> {
            defer { start += length }
            return start..<(start + length)
        }
        self.roomRange = next(Int(bytes.readLittleEndian(UInt16.self, at: L.roomLengthOffset)))
        self.senderRange = next(Int(bytes.readLittleEndian(UInt16.self, at: L.senderLengthOffset)))
        self.targetRange = next(Int(bytes.readLittleEndian(UInt16.self, at: L.targetLengthOffset)))
        self.clientMessageIDRange = next(Int(bytes.readLittleEndian(UInt16.self, at: L.clientMessageIDLengthOffset)))
        self.payloadRange = next(Int(bytes.readLittleEndian(UInt32.self, at: L.payloadLengthOffset)))
    }

    /// Rewrites the relay-owned fields of an encoded envelope in place.
    public static func stamp(
        _ bytes: UnsafeMutableRawBufferPointer,
        kind: EnvelopeKind,
        epoch: UInt64,
        sequence: UInt64,
        roomSequence: UInt64,
        timestamp: UInt64
    ) {
        typealias L = EnvelopeLayout
        precondition(bytes.count >= L.headerSize)
        bytes[L.kindOffset] = kind.rawValue
        bytes.storeBytes(of: epoch.littleEndian, toByteOffset: L.epochOffset, as: UInt64.self)
        bytes.storeBytes(of: sequence.littleEndian, toByteOffset: L.sequenceOffset, as: UInt64.self)
        bytes.storeBytes(of: roomSequence.littleEndian, toByteOffset: L.roomSequenceOffset, as: UInt64.self)
        bytes.storeBytes(of: timestamp.littleEndian, toByteOffset: L.timestampOffset, as: UInt64.self)
    }
}
