import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// One accepted connection: HTTP/1 for the gateway's routes, or a WebSocket upgrade at `/ws` that leaves
/// nothing but channel handlers behind (``WebSocketConnection``).
///
/// Hummingbird's own WebSocket channel runs each connection in Swift tasks for its whole life, with async
/// streams on both sides: some 40 KiB for a connection that says nothing. Here the task Hummingbird starts
/// per connection ends as soon as the upgrade is done; plain HTTP requests are served by Hummingbird as
/// usual.
struct GatewayChannel: ServerChildChannel, HTTPChannelHandler {
    enum Upgrade: Sendable {
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade request the WebSocket upgrader refused (a bad version or key, another path).
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case webSocket
    }

    struct Value: ServerChildChannelValue {
        let upgrade: EventLoopFuture<Upgrade>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let http1: HTTP1Channel.Configuration
    let endpoint: WebSocketEndpoint

    init(responder: @escaping HTTPChannelHandler.Responder, http1: HTTP1Channel.Configuration, endpoint: WebSocketEndpoint) {
        self.responder = Self.sendingUpgradesToANewConnection(responder)
        self.http1 = http1
        self.endpoint = endpoint
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveAllocator)
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let endpoint = self.endpoint
            let upgrader = ObservedUpgrader(base: WebSocketUpgrader(endpoint: self.endpoint), attempted: upgradeAttempted)
            let http1 = self.http1
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try pipeline.addHandlers(http1.additionalChannelHandlers())
                        try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        return upgradeAttempted.value ? .refused(http) : .http(http)
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Upgrade>(upgradeConfiguration: upgrades)
            configuration.enablePipelining = false  // Hummingbird reads one request at a time
            configuration.enableErrorHandling = false  // Hummingbird answers malformed requests
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validated them
            configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let upgrade = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgrade: upgrade, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgrade.get() {
            case .http(let http): await self.handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http): await Self.refuseUpgrade(on: http, logger: logger)
            case .webSocket: break  // its handlers have it from here on
            }
        } catch {
            logger.debug("connection ended before its first request", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        }
    }

    /// Small reads for a chat: 256 bytes to start (more as reads fill it), 16 KiB at most. The channel keeps
    /// its last receive buffer for the next read, so this is also what an idle connection holds.
    static let receiveAllocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 16 * 1024)

    private static func refuseUpgrade(on http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        logger.debug("websocket upgrade refused")
        try? await http.executeThenClose { _, outbound in
            let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
            try await outbound.write(contentsOf: [.head(head), .end(nil)])
        }
    }

    /// NIO upgrades only a connection's first request. An upgrade asked for later on a kept-alive
    /// connection is sent back to the same URL, on a new connection, where it is checked and upgraded.
    private static func sendingUpgradesToANewConnection(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        struct SentToANewConnection: Error {}
        return { request, responseWriter, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, responseWriter, channel)
            }
            let location = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
            try await responseWriter.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw SentToANewConnection()  // ends the connection
        }
    }
}

/// Notes that an upgrade was attempted, so that one the upgrader refuses gets a 400 rather than the route's answer.
private struct ObservedUpgrader: NIOTypedHTTPServerProtocolUpgrader {
    let base: WebSocketUpgrader
    let attempted: NIOLoopBoundBox<Bool>

    var supportedProtocol: String { self.base.supportedProtocol }
    var requiredUpgradeHeaders: [String] { self.base.requiredUpgradeHeaders }

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        self.attempted.value = true
        return self.base.buildUpgradeResponse(channel: channel, upgradeRequest: upgradeRequest, initialResponseHeaders: initialResponseHeaders)
    }

    func upgrade(channel: any Channel, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<GatewayChannel.Upgrade> {
        self.base.upgrade(channel: channel, upgradeRequest: upgradeRequest)
    }
}
