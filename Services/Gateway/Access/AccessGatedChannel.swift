import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// A server child channel that puts an ``AccessGateHandler`` in front of another one's HTTP handling, with a
/// ``RequestHeadDeadline`` before it, and a ``ClientFrameCheck`` on the frames once the connection upgrades.
struct AccessGatedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let policy: AccessPolicy
    let clients: ClientAddressRule
    let connections: ConnectionLimit
    let requestHeadTimeout: Duration

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        self.base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let gate = AccessGateHandler(policy: self.policy, clients: self.clients, connections: self.connections, logger: logger)
            try pipeline.addHandler(gate, position: .after(decoder))
            try pipeline.addHandler(RequestHeadDeadline(limit: self.requestHeadTimeout), position: .after(decoder))
            try pipeline.addHandler(ClientFrameCheck.Installer())  // last: behind the upgrade handler, for its event
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades, as Hummingbird's `http1WebSocketUpgrade`, with each upgrade checked by
    /// `policy` and `connections` first, and the first request head due within `requestHeadTimeout`.
    static func accessGatedWebSocketUpgrade<WSResponderBuilder: HTTPResponderBuilder>(
        webSocketRouter: WSResponderBuilder,
        configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        policy: AccessPolicy,
        clients: ClientAddressRule,
        connections: ConnectionLimit,
        requestHeadTimeout: Duration
    ) -> HTTPServerBuilder where WSResponderBuilder.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = webSocketRouter.buildResponder()
        return .init { responder in
            AccessGatedChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                policy: policy,
                clients: clients,
                connections: connections,
                requestHeadTimeout: requestHeadTimeout
            )
        }
    }
}
