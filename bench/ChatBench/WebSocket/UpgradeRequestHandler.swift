import NIOCore
import NIOHTTP1

/// Sends the HTTP request that `HTTPClientUpgradeHandler` turns into a WebSocket upgrade, and reports
/// why the upgrade failed if it does (refused, not a WebSocket server, connection dropped).
///
/// The upgrader removes it once the upgrade succeeded, before the frames start.
final class UpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let server: ServerAddress
    /// Offered as `Sec-WebSocket-Protocol` (`privchat.v1`); `nil` for the plain protocol.
    private let subprotocol: String?
    private let failure: EventLoopPromise<Void>

    init(server: ServerAddress, subprotocol: String?, failure: EventLoopPromise<Void>) {
        self.server = server
        self.subprotocol = subprotocol
        self.failure = failure
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: self.server.hostHeader)
        headers.add(name: "Content-Length", value: "0")
        if let subprotocol = self.subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: self.server.path, headers: headers)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Only a refused upgrade gets here: the upgrade handler consumes a successful response.
        if case .head(let head) = Self.unwrapInboundIn(data) {
            self.failure.fail(UpgradeError(reason: "the server answered \(head.status.code) \(head.status.reasonPhrase) instead of upgrading"))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.failure.fail(UpgradeError(reason: "WebSocket upgrade failed: \(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failure.fail(UpgradeError(reason: "the server closed the connection during the WebSocket upgrade"))
        context.fireChannelInactive()
    }
}

/// A client could not become a WebSocket connection.
struct UpgradeError: Error, CustomStringConvertible {
    let reason: String
    var description: String { self.reason }
}
