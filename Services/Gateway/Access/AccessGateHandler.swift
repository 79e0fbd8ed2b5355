import Logging
import NIOCore
import NIOHTTP1

/// Refuses a WebSocket upgrade request with a proper HTTP status (401, 403, 429) before the upgrade
/// machinery sees it.
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
    private let clientAddressHeader: String?
    private let logger: Logger
    private var refused = false

    init(policy: AccessPolicy, clientAddressHeader: String?, logger: Logger) {
        self.policy = policy
        self.clientAddressHeader = clientAddressHeader
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
        let client = self.clientAddress(head, context: context)
        switch self.policy.decide(head, clientAddress: client) {
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

    /// The address failures are counted for: the peer, or what a trusted proxy in front says it is.
    private func clientAddress(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> String {
        if let header = self.clientAddressHeader, let forwarded = head.headers.first(name: header) {
            // X-Forwarded-For may list a chain; its first entry is the client.
            let first = forwarded.split(separator: ",").first.map { String($0).trimmingWhitespace() } ?? ""
            if !first.isEmpty { return first }
        }
        return context.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    static func isWebSocketUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers["Upgrade"].contains { $0.lowercased().contains("websocket") }
    }
}
