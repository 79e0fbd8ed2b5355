import HummingbirdWebSocket
import ServiceLifecycle

/// Starts the close handshake of connections whose outbox closed (the client is too slow, its session
/// moved, the gateway shuts down), as children of one service.
///
/// A handshake is async (it goes through the WebSocket handler, which answers the client's close frame),
/// and an outbox closes from a synchronous callback. Rather than a task per connection for its whole
/// life, which idle connections would pay for in memory, one service takes the requests and runs each
/// handshake as a child while it lasts. It shuts down after the hub, so the hub's `goingAway` closes
/// still go out.
final class CloseHandshakes: Service, Sendable {
    private struct Request: Sendable {
        let outbound: WebSocketOutboundWriter
        let closing: Outbox.Closing
    }

    private let requests: AsyncStream<Request>
    private let sink: AsyncStream<Request>.Continuation

    init() {
        (self.requests, self.sink) = AsyncStream.makeStream(of: Request.self)
    }

    /// Asks for `outbound`'s close handshake with `closing`'s code and reason; callable from any thread.
    func start(_ closing: Outbox.Closing, on outbound: WebSocketOutboundWriter) {
        self.sink.yield(Request(outbound: outbound, closing: closing))
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await request in self.requests {
                    group.addTask { try? await request.outbound.close(request.closing.code, reason: request.closing.reason) }
                }
            } onGracefulShutdown: {
                // A connection closed later is still dropped after the close timeout (ConnectionCloser).
                self.sink.finish()
            }
        }
    }
}
