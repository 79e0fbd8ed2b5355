import RelayLinkSecurity

/// The gateway each collector connection proves to be (``GatewayIdentity``), remembered by routing id
/// so that the proof is hashed once per connection, not once per envelope.
struct ProvenGateways {
    /// A routing id that proved a gateway (``GatewayIdentity/routingIDBytes``: 21), without an allocation.
    private struct RoutingID: Hashable {
        let high: UInt64
        let low: UInt64
        let socket: UInt64

        init(_ bytes: UnsafeRawBufferPointer) {
            self.high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            self.low = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            self.socket = bytes.loadUnaligned(fromByteOffset: 13, as: UInt64.self)
        }
    }

    /// Most connections remembered; past it the memory starts over (a holder of the keys opening
    /// connection after connection costs hashes, never memory).
    static let limit = 4096

    private var known: [RoutingID: UInt64] = [:]

    /// How many connections are remembered.
    var count: Int { self.known.count }
    /// The last connection looked up: consecutive frames mostly come from the same one.
    private var last: (id: RoutingID, gateway: UInt64)?

    /// The gateway the connection with `routingID` proves to be, or `nil` when it proves none.
    mutating func gateway(of routingID: UnsafeRawBufferPointer) -> UInt64? {
        guard routingID.count == GatewayIdentity.routingIDBytes else { return nil }
        let id = RoutingID(routingID)
        if let last = self.last, last.id == id { return last.gateway }
        let gateway: UInt64
        if let known = self.known[id] {
            gateway = known
        } else {
            guard let proven = GatewayIdentity.gatewayID(provenBy: routingID) else { return nil }
            if self.known.count >= Self.limit { self.known.removeAll(keepingCapacity: true) }
            self.known[id] = proven
            gateway = proven
        }
        self.last = (id, gateway)
        return gateway
    }
}
