import Logging
import RelayLinkSecurity
import ZeroMQ

/// The relay's sockets secured with the cluster's keys (``RelayLinkKeys``): CURVE on every endpoint
/// that leaves the process, and a ZAP handler per context that counts and logs what it refuses.
struct LinkSecurity {
    let keys: RelayLinkKeys?
    let metrics: RelayMetrics
    let logger: Logger

    /// The ZAP handler of `context`, to bind before its CURVE servers.
    func zapHandler(context: ZMQContext) throws(ZMQError) -> ZAPHandler {
        let (metrics, logger) = (self.metrics, self.logger)
        return try self.requiredKeys.makeZAPHandler(context: context) { address in
            metrics.handshakesRefused.increment()
            logger.debug("relay link handshake refused: not the cluster's key", metadata: ["peer": "\(address)"])
        }
    }

    func secureServer(_ socket: ZMQSocket, endpoint: String) throws(ZMQError) {
        guard RelayLinkKeys.crossesProcesses(endpoint) else { return }
        try self.requiredKeys.secureServer(socket, endpoint: endpoint)
    }

    func secureClient(_ socket: ZMQSocket, endpoint: String) throws(ZMQError) {
        guard RelayLinkKeys.crossesProcesses(endpoint) else { return }
        try self.requiredKeys.secureClient(socket, endpoint: endpoint)
    }

    /// The keys; a relay that leaves the process without them would be open to anyone, so it does not start.
    private var requiredKeys: RelayLinkKeys {
        guard let keys = self.keys else { preconditionFailure("a relay on tcp:// needs the cluster's keys (RelayConfiguration.linkKeys)") }
        return keys
    }
}
