import Logging
import NIOCore
import NIOPosix
import NIOSSL
public import ServiceLifecycle

/// The IRC port (`--irc-port`): a listening socket whose every connection gets an ``IRCConnection``, with
/// TLS from the first byte when the gateway has a certificate.
///
/// As a `Service` it starts after the relay link and stops after the hub, which has told every IRC client
/// `ERROR :Closing link: server shutting down` by then; stopping closes the listening socket.
public struct IRCListener: Service {
    let host: String
    let port: Int
    let services: SessionServices
    let access: IRCAccess
    let connections: ConnectionLimit
    let tls: NIOSSLContext?
    let metrics: IRCMetrics
    let logger: Logger
    /// Called with the bound port once IRC clients can connect.
    let onListening: @Sendable (Int) async -> Void

    public func run() async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.setUp(channel) }
            }
        let server = try await bootstrap.bind(host: self.host, port: self.port).get()
        await self.onListening(server.localAddress?.port ?? self.port)
        try? await gracefulShutdown()
        try? await server.close()
    }

    /// On the new channel's event loop: its place under `--max-connections`, TLS, and its connection handler.
    private func setUp(_ channel: any Channel) throws {
        let pipeline = channel.pipeline.syncOperations
        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
        guard self.services.link.isUp else {
            return try pipeline.addHandler(IRCRefusal(reason: Outbox.Closing.relayUnavailable.reason))
        }
        guard self.connections.reserve() else {
            self.metrics.refusedFull.increment()
            return try pipeline.addHandler(IRCRefusal(reason: "this gateway is full: try again later"))
        }
        channel.closeFuture.whenComplete { [connections] _ in connections.release() }
        let context = SessionContext(connectionID: self.services.connectionIDs.next(), services: self.services)
        let clientKey = ClientAddressRule().failureCountingKey(peer: channel.remoteAddress?.ipAddress, forwarded: [])
        let linkHost = self.services.hub.fileLinks.authority(connectedTo: channel.localAddress)
        let session = IRCSession(context: context, access: self.access, clientKey: clientKey, linkHost: linkHost)
        try pipeline.addHandler(IRCConnection(session: session, context: context, metrics: self.metrics))
    }
}

/// Says why a connection cannot be taken, once it is open, and closes it.
final class IRCRefusal: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let reason: String

    init(reason: String) {
        self.reason = reason
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(self.wrapOutboundOut(IRCReplies.closingLink(self.reason))).whenComplete { _ in channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
