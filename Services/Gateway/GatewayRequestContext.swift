public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore

/// The request context of the gateway's routes: Hummingbird's WebSocket context plus the connection's
/// channel, used to drop a connection that will not finish closing, and to learn the peer's address
/// (the failure limiter's count at `/api/share`).
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }

    public var remoteAddress: SocketAddress? { self.channel.remoteAddress }
}
