/// The two ZeroMQ endpoints of a relay.
///
/// A relay at `tcp://HOST:N` takes gateway traffic on port N (its ROUTER, the Clone pattern's
/// collector and snapshot socket in one) and publishes the sequenced stream on port N+1 (its PUB).
/// Its metrics and health HTTP endpoint uses port N+2, and a relay of a failover pair takes its peer's
/// messages on port N+3.
public struct RelayEndpoints: Sendable, Hashable, CustomStringConvertible {
    /// Where gateways send envelopes (relay side: ROUTER; gateway side: DEALER).
    public var collector: String
    /// Where the relay publishes the sequenced stream (relay side: PUB; gateway side: SUB).
    public var publisher: String
    /// Where the other relay of a failover pair sends (relay side: ROUTER; its peer's side: DEALER).
    public var peer: String

    public init(collector: String, publisher: String, peer: String) {
        self.collector = collector
        self.publisher = publisher
        self.peer = peer
    }

    /// Endpoints of a relay on `host`, ports `port` and `port + 1`.
    public static func tcp(host: String, port: Int) -> RelayEndpoints {
        let host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return RelayEndpoints(collector: "tcp://\(host):\(port)", publisher: "tcp://\(host):\(port + 1)", peer: "tcp://\(host):\(port + 3)")
    }

    /// In-process endpoints for a relay embedded in a gateway (same ZeroMQ context).
    public static func inproc(name: String) -> RelayEndpoints {
        RelayEndpoints(collector: "inproc://\(name)-collector", publisher: "inproc://\(name)-publisher", peer: "inproc://\(name)-peer")
    }

    /// Parses a relay address as users give it: `tcp://HOST:PORT` (the relay's `--port`).
    public init(address: String) throws(RelayAddressError) {
        guard address.hasPrefix("tcp://") else {
            throw RelayAddressError(address: address, reason: "expected tcp://HOST:PORT")
        }
        let hostAndPort = address.dropFirst("tcp://".count)
        guard let colon = hostAndPort.lastIndex(of: ":"),
            let port = Int(hostAndPort[hostAndPort.index(after: colon)...]), (1...65532).contains(port)
        else {
            throw RelayAddressError(address: address, reason: "expected a port number after the host, e.g. tcp://relay:5555")
        }
        var host = String(hostAndPort[..<colon])
        guard !host.isEmpty, !host.contains("/") else {
            throw RelayAddressError(address: address, reason: "expected a host name or address, e.g. tcp://relay:5555")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self = .tcp(host: host, port: port)
    }

    public var description: String { self.collector }
}

/// A relay address that cannot be used.
public struct RelayAddressError: Error, Hashable, CustomStringConvertible {
    public let address: String
    public let reason: String
    public var description: String { "invalid relay address \"\(self.address)\": \(self.reason)" }
}
