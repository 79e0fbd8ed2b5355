/// The envelopes of one ZeroMQ frame: one, or several back to back (a batch).
///
/// The relay publishes everything it sequenced in one pass of its loop as one frame, and accepts
/// frames of several `say`s: one ZeroMQ message (and one pass through its I/O thread) for many chat
/// messages. Each envelope's own lengths say where the next one starts; a frame whose envelopes do not
/// fill it exactly is invalid as a whole.
public enum EnvelopeBatch {
    /// The byte range of each envelope in `bytes`, in order.
    ///
    /// - Throws: if any envelope is invalid or the last one does not end where `bytes` does.
    public static func ranges(in bytes: UnsafeRawBufferPointer) throws(EnvelopeError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            let size = try EnvelopeHeader.size(ofEnvelopeAt: UnsafeRawBufferPointer(rebasing: bytes[start...]))
            ranges.append(start..<(start + size))
            start += size
        }
        guard !ranges.isEmpty else { throw EnvelopeError(.tooShort, "an empty frame") }
        return ranges
    }

    /// Decodes every envelope of a frame.
    public static func envelopes(in bytes: UnsafeRawBufferPointer) throws(EnvelopeError) -> [Envelope] {
        var envelopes: [Envelope] = []
        for range in try Self.ranges(in: bytes) {
            envelopes.append(try Envelope(decoding: UnsafeRawBufferPointer(rebasing: bytes[range])))
        }
        return envelopes
    }
}
