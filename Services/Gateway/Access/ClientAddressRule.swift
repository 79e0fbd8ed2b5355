/// Who a request's client is: the TCP peer, or what a proxy the operator trusts says it forwarded for.
///
/// A forwarding header is what a client chose to send, unless the peer is a proxy that sets it: so the
/// header (`--client-address-header`) is read only from peers inside a `--trusted-proxy` range, and
/// without any range it is not read at all. A header may list a chain (`X-Forwarded-For: a, b, c`), each
/// proxy appending the address it saw: the client is the last entry that is not itself a trusted proxy,
/// since everything left of it came from the client.
struct ClientAddressRule: Sendable {
    let header: String?
    let trustedProxies: [AddressRange]

    init(header: String? = nil, trustedProxies: [AddressRange] = []) {
        self.header = header
        self.trustedProxies = trustedProxies
    }

    /// The client's address, given the peer's (`SocketAddress.ipAddress`) and the values of ``header``.
    func clientAddress(peer: String?, forwarded: [String]) -> IPAddress? {
        guard let peer = peer.flatMap({ IPAddress($0) }) else { return nil }
        guard self.header != nil, self.isTrusted(peer) else { return peer }
        let chain = forwarded.flatMap { $0.split(separator: ",") }.map { IPAddress($0.filter { !$0.isWhitespace }) }
        var client = peer
        for entry in chain.reversed() {
            // An entry that is no address breaks the chain: nothing left of it can be believed either.
            guard let entry else { break }
            client = entry
            if !self.isTrusted(entry) { break }
        }
        return client
    }

    /// The key the failure limiter counts this client's failures under.
    func failureCountingKey(peer: String?, forwarded: [String]) -> String {
        self.clientAddress(peer: peer, forwarded: forwarded)?.failureCountingKey ?? "unknown"
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        self.trustedProxies.contains { $0.contains(address) }
    }
}
