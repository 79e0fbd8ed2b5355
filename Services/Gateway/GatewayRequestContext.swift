public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore

/// The request context of `/ws`: Hummingbird's WebSocket context plus the connection's channel, used to
/// drop a connection that will not finish closing and to log the peer.
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}
