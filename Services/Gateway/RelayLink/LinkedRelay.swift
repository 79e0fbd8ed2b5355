import RelayProtocol
import ZeroMQ

/// One relay the link talks to (the configured one, or its backup): where it is, and the ZeroMQ
/// context of the link's sockets to it.
///
/// Each relay of a pair gets a context of its own: libzmq resolves a host name on its context's I/O
/// thread, and a lookup of a relay that is gone can hang for seconds (a container's name whose DNS
/// server does not answer), which must not stall the sockets to the other relay.
struct LinkedRelay: Sendable {
    let endpoints: RelayEndpoints
    let context: ZMQContext

    /// The relays of `configuration`, in its order. The first uses `context` (an embedded relay's
    /// `inproc://` endpoints need it); a backup gets a new one.
    static func all(of configuration: RelayLinkConfiguration, context: ZMQContext) throws(ZMQError) -> [LinkedRelay] {
        var relays: [LinkedRelay] = []
        for endpoints in configuration.relays {
            let relayContext = try relays.isEmpty ? context : ZMQContext()
            relays.append(LinkedRelay(endpoints: endpoints, context: relayContext))
        }
        return relays
    }
}
