/// Byte offsets of the envelope's fixed header. All integers are little-endian.
///
/// ```
/// 0  version (u8)      1  kind (u8)          2  flags (u16)
/// 4  room length (u16) 6  sender length (u16) 8  target length (u16) 10 client message id length (u16)
/// 12 payload length (u32)
/// 16 epoch  24 sequence  32 room sequence  40 timestamp  48 gateway  56 connection  64 trace   (u64 each)
/// 72 room, sender, target, client message id, payload (UTF-8 / bytes, no terminators)
/// ```
public enum EnvelopeLayout {
    public static let version: UInt8 = 1
    public static let headerSize = 72

    static let versionOffset = 0
    static let kindOffset = 1
    static let flagsOffset = 2
    static let roomLengthOffset = 4
    static let senderLengthOffset = 6
    static let targetLengthOffset = 8
    static let clientMessageIDLengthOffset = 10
    static let payloadLengthOffset = 12
    static let epochOffset = 16
    static let sequenceOffset = 24
    static let roomSequenceOffset = 32
    static let timestampOffset = 40
    static let gatewayOffset = 48
    static let connectionOffset = 56
    static let traceOffset = 64

    /// Longest room, sender, target or client message id, in UTF-8 bytes.
    public static let maximumFieldBytes = 1024
}
