import RelayLinkSecurity
import Testing

@testable import Relay

struct ProvenGatewaysTests {
    @Test func aGatewaysRoutingIDsProveItsIDAndAnythingElseProvesNone() {
        var proven = ProvenGateways()
        let identity = GatewayIdentity()
        for socket in [GatewayIdentity.Socket.sender, .control] {
            let routingID = identity.routingID(for: socket)
            #expect(routingID.withUnsafeBytes { proven.gateway(of: $0) } == identity.gatewayID)
            #expect(routingID.withUnsafeBytes { proven.gateway(of: $0) } == identity.gatewayID, "remembered")
        }
        // libzmq's own 5-byte ids, a proof with a byte changed, and an unknown socket byte prove nothing.
        var forged = identity.routingID(for: .sender)
        forged[3] ^= 1
        #expect(forged.withUnsafeBytes { proven.gateway(of: $0) } != identity.gatewayID)
        var unknownSocket = identity.routingID(for: .sender)
        unknownSocket[16] = 0x78
        #expect(unknownSocket.withUnsafeBytes { proven.gateway(of: $0) } == nil)
        #expect([0, 0, 0x80, 0x41, 0xA7].withUnsafeBytes { proven.gateway(of: $0) } == nil)
    }

    @Test func connectionAfterConnectionCostsNoMoreThanTheLimit() {
        var proven = ProvenGateways()
        for _ in 0..<(ProvenGateways.limit + 10) {
            let identity = GatewayIdentity()
            #expect(identity.routingID(for: .control).withUnsafeBytes { proven.gateway(of: $0) } == identity.gatewayID)
        }
        #expect(proven.count <= ProvenGateways.limit)
    }
}
