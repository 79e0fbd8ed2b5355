import NIOCore

/// The text frames of plain mode (the seed's protocol), each encoded once and shared by all recipients.
enum PlainFrame {
    /// `name: text`, as the seed's clients print it.
    static func message(sender: String, text: [UInt8]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: sender.utf8.count + 2 + text.count)
        buffer.writeString(sender)
        buffer.writeStaticString(": ")
        buffer.writeBytes(text)
        return buffer
    }

    /// `error: reason`, sent to one client only.
    static func error(_ reason: String) -> ByteBuffer {
        ByteBuffer(string: "error: \(reason)")
    }
}
