import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// A server child channel that puts an ``AccessGateHandler`` in front of another one's HTTP handling (and so
/// before any WebSocket upgrade), with a ``RequestHeadDeadline`` before it.
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
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades at `endpoint` (``GatewayChannel``), each upgrade checked by `policy` and
    /// `connections` first, and the first request head due within `requestHeadTimeout`.
    static func accessGatedGateway(
        endpoint: WebSocketEndpoint,
        http1: HTTP1Channel.Configuration,
        policy: AccessPolicy,
        clients: ClientAddressRule,
        connections: ConnectionLimit,
        requestHeadTimeout: Duration
    ) -> HTTPServerBuilder {
        .init { responder in
            AccessGatedChannel(
                base: GatewayChannel(responder: responder, http1: http1, endpoint: endpoint),
                policy: policy,
                clients: clients,
                connections: connections,
                requestHeadTimeout: requestHeadTimeout
            )
        }
    }
}
