import NIOCore
import NIOHTTP1

/// Closes a new connection that has not sent a whole request head within a time limit.
///
/// Nothing else bounds the first request: Hummingbird's idle timeout starts only once a request has been
/// read, and WebSocket timeouts only after the upgrade. A slowloris client, sending its upgrade request a byte
/// at a time and never finishing it, would hold its connection for ever. It sits right after the HTTP
/// request decoder and steps out of the pipeline at the first request head.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let limit: TimeAmount
    private var timer: Scheduled<Void>?

    init(limit: Duration) {
        self.limit = TimeAmount(limit)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Counted from when the connection was set up, connected or not yet: a byte a second must not reset it.
        let channel = context.channel
        self.timer = context.eventLoop.scheduleTask(in: self.limit) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head = self.unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        self.timer?.cancel()
        self.timer = nil
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
