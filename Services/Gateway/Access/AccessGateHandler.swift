import Logging
import NIOCore
import NIOHTTP1

/// Refuses a WebSocket upgrade request with a proper HTTP status (400, 401, 403, 421, 429, 503) before the
/// upgrade machinery sees it, and holds a place in the ``ConnectionLimit`` for each upgrade it lets through.
///
/// It sits right after the HTTP request decoder of a new connection, looks at the first request head and
/// then steps out of the pipeline: allowed requests and plain HTTP requests pass untouched (a later
/// upgrade on a kept-alive connection is sent to a new connection by Hummingbird, where this runs again).
/// Hummingbird's own refusal of an upgrade is always `400`, which would tell a client nothing.
final class AccessGateHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let policy: AccessPolicy
    private let clients: ClientAddressRule
    private let connections: ConnectionLimit
    private let logger: Logger
    private var refused = false

    init(policy: AccessPolicy, clients: ClientAddressRule, connections: ConnectionLimit, logger: Logger) {
        self.policy = policy
        self.clients = clients
        self.connections = connections
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if self.refused { return }  // the rest of a refused request: dropped
        guard case .head(let head) = self.unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        guard Self.isWebSocketUpgrade(head) else {
            self.stepAside(context: context, forwarding: data)
            return
        }
        let forwarded = self.clients.header.map { head.headers[$0] } ?? []
        let client = self.clients.failureCountingKey(peer: context.channel.remoteAddress?.ipAddress, forwarded: forwarded)
        var decision = self.policy.decide(head, clientKey: client)
        if decision == .allow {
            if self.connections.reserve() {
                context.channel.closeFuture.whenComplete { [connections] _ in connections.release() }
            } else {
                decision = self.connections.refusal
            }
        }
        switch decision {
        case .allow:
            self.stepAside(context: context, forwarding: data)
        case .refuse(let status, let reason, let retryAfter):
            self.refused = true
            var metadata: Logger.Metadata = ["status": "\(status.code)", "reason": "\(reason)"]
            if self.logger.logLevel <= .debug { metadata["client"] = "\(client)" }  // addresses are logged at debug only
            self.logger.notice("upgrade refused", metadata: metadata)
            self.refuse(context: context, status: status, reason: reason, retryAfter: retryAfter)
        }
    }

    private func stepAside(context: ChannelHandlerContext, forwarding data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func refuse(context: ChannelHandlerContext, status: HTTPResponseStatus, reason: String, retryAfter: Int?) {
        let body = context.channel.allocator.buffer(string: reason + "\n")
        var headers = HTTPHeaders([
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", "\(body.readableBytes)"),
            ("Connection", "close"),
            ("Cache-Control", "no-store"),
        ])
        if status == .unauthorized { headers.add(name: "WWW-Authenticate", value: #"Bearer realm="chat""#) }
        if let retryAfter { headers.add(name: "Retry-After", value: "\(retryAfter)") }
        context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let closed = context.channel.eventLoop.makePromise(of: Void.self)
        closed.futureResult.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: closed)
    }

    static func isWebSocketUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers["Upgrade"].contains { $0.lowercased().contains("websocket") }
    }
}
