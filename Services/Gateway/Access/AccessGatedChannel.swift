import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// A server child channel that puts an ``AccessGateHandler`` in front of another one's HTTP handling.
struct AccessGatedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let policy: AccessPolicy
    let clientAddressHeader: String?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        self.base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let gate = AccessGateHandler(policy: self.policy, clientAddressHeader: self.clientAddressHeader, logger: logger)
            try channel.pipeline.syncOperations.addHandler(gate, position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades, as Hummingbird's `http1WebSocketUpgrade`, with each upgrade checked by
    /// `policy` first.
    static func accessGatedWebSocketUpgrade<WSResponderBuilder: HTTPResponderBuilder>(
        webSocketRouter: WSResponderBuilder,
        configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        policy: AccessPolicy,
        clientAddressHeader: String?
    ) -> HTTPServerBuilder where WSResponderBuilder.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = webSocketRouter.buildResponder()
        return .init { responder in
            AccessGatedChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                policy: policy,
                clientAddressHeader: clientAddressHeader
            )
        }
    }
}
