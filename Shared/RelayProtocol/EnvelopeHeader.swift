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
        typealias L = EnvelopeLayout
        guard bytes.count >= L.headerSize else {
            throw EnvelopeError(.tooShort, "\(bytes.count) bytes, header needs \(L.headerSize)")
        }
        let version = bytes[L.versionOffset]
        guard version == L.version else { throw EnvelopeError(.unsupportedVersion, "version \(version)") }
        guard let kind = EnvelopeKind(rawValue: bytes[L.kindOffset]) else {
            throw EnvelopeError(.unknownKind, "kind \(bytes[L.kindOffset])")
        }
        let lengths = [
            Int(bytes.readLittleEndian(UInt16.self, at: L.roomLengthOffset)),
            Int(bytes.readLittleEndian(UInt16.self, at: L.senderLengthOffset)),
            Int(bytes.readLittleEndian(UInt16.self, at: L.targetLengthOffset)),
            Int(bytes.readLittleEndian(UInt16.self, at: L.clientMessageIDLengthOffset)),
            Int(bytes.readLittleEndian(UInt32.self, at: L.payloadLengthOffset)),
        ]
        for length in lengths.dropLast() where length > L.maximumFieldBytes {
            throw EnvelopeError(.fieldTooLong, "field of \(length) bytes")
        }
        guard L.headerSize + lengths.reduce(0, +) == bytes.count else {
            throw EnvelopeError(.lengthMismatch, "fields add up to \(L.headerSize + lengths.reduce(0, +)), got \(bytes.count)")
        }
        var ranges = [Range<Int>]()
        var start = L.headerSize
        for length in lengths {
            ranges.append(start..<(start + length))
            start += length
        }
        self.kind = kind
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
        (self.roomRange, self.senderRange, self.targetRange, self.clientMessageIDRange, self.payloadRange) =
            (ranges[0], ranges[1], ranges[2], ranges[3], ranges[4])
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
