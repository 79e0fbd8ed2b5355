public import Hummingbird
public import NIOCore

/// The request context of the gateway's HTTP routes: Hummingbird's, plus the connection's channel, to learn
/// the peer's address (the failure limiter's count at `/api/share`).
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    public var remoteAddress: SocketAddress? { self.channel.remoteAddress }
}
