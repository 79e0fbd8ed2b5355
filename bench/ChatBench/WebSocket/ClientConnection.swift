import NIOCore
import NIOWebSocket

/// Sends masked WebSocket frames on one client connection; used only on that connection's event loop.
///
/// Each frame's buffer is allocated with room in front for the frame header, so `WebSocketFrameEncoder`
/// prepends the header in place and the frame leaves as a single buffer. Writes are not flushed: the
/// caller flushes once per batch (``flush()``), so one event-loop tick becomes one `writev`.
final class ClientConnection {
    let context: ChannelHandlerContext
    private var maskState: UInt64

    /// Largest WebSocket frame header: 2 bytes, 8 of extended length, 4 of mask key.
    private static let headroom = 14

    init(context: ChannelHandlerContext, seed: UInt64) {
        self.context = context
        self.maskState = seed | 1
    }

    var channel: any Channel { self.context.channel }

    /// Writes one text frame of at most `capacity` bytes, filled in by `fill`, without flushing.
    func writeText(capacity: Int, promise: EventLoopPromise<Void>? = nil, _ fill: (inout ByteBuffer) -> Void) {
        var buffer = self.context.channel.allocator.buffer(capacity: Self.headroom + capacity)
        buffer.moveWriterIndex(forwardBy: Self.headroom)
        buffer.moveReaderIndex(forwardBy: Self.headroom)
        fill(&buffer)
        self.write(WebSocketFrame(fin: true, opcode: .text, maskKey: self.nextMask(), data: buffer), promise: promise)
    }

    /// Writes a control or data frame, masked as clients must (RFC 6455 §5.3), without flushing.
    func write(_ frame: WebSocketFrame, promise: EventLoopPromise<Void>? = nil) {
        var frame = frame
        if frame.maskKey == nil { frame.maskKey = self.nextMask() }
        self.context.write(NIOAny(frame), promise: promise)
    }

    func flush() {
        self.context.flush()
    }

    /// Sends a close frame (1000) and closes the socket once it is written.
    func close() {
        var data = self.context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .normalClosure)
        let promise = self.context.eventLoop.makePromise(of: Void.self)
        self.write(WebSocketFrame(fin: true, opcode: .connectionClose, data: data), promise: promise)
        self.flush()
        let channel = self.context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    /// A fresh masking key from xorshift64: masks need not be secret here, only varied, and the
    /// system generator would cost a `getrandom` call per frame.
    private func nextMask() -> WebSocketMaskingKey {
        self.maskState ^= self.maskState << 13
        self.maskState ^= self.maskState >> 7
        self.maskState ^= self.maskState << 17
        return withUnsafeBytes(of: UInt32(truncatingIfNeeded: self.maskState)) { WebSocketMaskingKey($0)! }
    }
}
