import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

/// One relay the link talks to (the configured one, or its backup): where it is, the ZeroMQ context
/// of the link's sockets to it, and how they prove who they are (``prepare(_:as:)``).
///
/// Each relay of a pair gets a context of its own: libzmq resolves a host name on its context's I/O
/// thread, and a lookup of a relay that is gone can hang for seconds (a container's name whose DNS
/// server does not answer), which must not stall the sockets to the other relay.
struct LinkedRelay: Sendable {
    let endpoints: RelayEndpoints
    let context: ZMQContext
    let identity: GatewayIdentity
    let keys: RelayLinkKeys?

    /// The relays of `configuration`, in its order. The first uses `context` (an embedded relay's
    /// `inproc://` endpoints need it); a backup gets a new one.
    static func all(of configuration: RelayLinkConfiguration, identity: GatewayIdentity, context: ZMQContext) throws(ZMQError) -> [LinkedRelay] {
        var relays: [LinkedRelay] = []
        for endpoints in configuration.relays {
            let relayContext = try relays.isEmpty ? context : ZMQContext()
            relays.append(LinkedRelay(endpoints: endpoints, context: relayContext, identity: identity, keys: configuration.keys))
        }
        return relays
    }

    /// Makes `socket`, before it connects, this gateway's `role` socket: the routing id that proves the
    /// gateway (a subscriber's is never seen), and CURVE with the cluster's keys unless the relay is in process.
    func prepare(_ socket: ZMQSocket, as role: GatewayIdentity.Socket?) throws(ZMQError) {
        if let role { try socket.setRoutingID(self.identity.routingID(for: role)) }
        guard RelayLinkKeys.crossesProcesses(self.endpoints.collector) else { return }
        guard let keys = self.keys else { preconditionFailure("a relay link over tcp:// needs the cluster's keys") }
        try keys.secureClient(socket, endpoint: self.endpoints.collector)
    }
}
