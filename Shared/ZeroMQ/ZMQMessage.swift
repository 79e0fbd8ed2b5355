import CZeroMQ

/// A libzmq message buffer (`zmq_msg_t`), reusable across receives and sends.
///
/// Receiving into a message and sending it on moves the bytes without copying them: the Relay stamps a
/// received envelope in place and publishes the same buffer.
public final class ZMQMessage {
    let pointer: UnsafeMutablePointer<zmq_msg_t>

    /// An empty message, ready to receive into.
    public init() {
        self.pointer = .allocate(capacity: 1)
        zmq_msg_init(self.pointer)
    }

    /// A message holding a copy of `bytes`.
    public init(copying bytes: UnsafeRawBufferPointer) {
        self.pointer = .allocate(capacity: 1)
        zmq_msg_init_size(self.pointer, bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            zmq_msg_data(self.pointer).copyMemory(from: source, byteCount: bytes.count)
        }
    }

    deinit {
        zmq_msg_close(self.pointer)
        self.pointer.deallocate()
    }

    /// Number of bytes in the message.
    public var count: Int { zmq_msg_size(self.pointer) }

    /// Whether more frames of the same multipart message follow this one.
    public var hasMore: Bool { zmq_msg_more(self.pointer) != 0 }

    /// The message's bytes. Valid until the message is next received into, sent, or deallocated.
    public var bytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: zmq_msg_data(self.pointer), count: zmq_msg_size(self.pointer))
    }

    /// A copy of the message's bytes.
    public var array: [UInt8] { Array(UnsafeRawBufferPointer(self.bytes)) }

    /// Makes this message share `other`'s content (reference counted for large messages; copied for small ones).
    public func copy(from other: ZMQMessage) {
        zmq_msg_copy(self.pointer, other.pointer)
    }
}
