import RelayProtocol
import Testing

@Suite struct RelayEndpointsTests {
    @Test func aRelayAddressNamesTheCollectorAndThePublisherIsTheNextPort() throws {
        let endpoints = try RelayEndpoints(address: "tcp://relay:5555")
        #expect(endpoints.collector == "tcp://relay:5555")
        #expect(endpoints.publisher == "tcp://relay:5556")
    }

    @Test func ipv6AddressesKeepTheirBrackets() throws {
        let endpoints = try RelayEndpoints(address: "tcp://[::1]:7000")
        #expect(endpoints.collector == "tcp://[::1]:7000" && endpoints.publisher == "tcp://[::1]:7001")
    }

    @Test(arguments: ["relay:5555", "tcp://relay", "tcp://:5555", "tcp://relay:0", "tcp://relay:65535", "tcp://relay:x", "ipc:///tmp/r"])
    func malformedAddressesAreRefused(address: String) {
        #expect(throws: RelayAddressError.self) { try RelayEndpoints(address: address) }
    }

    @Test func embeddedEndpointsAreInProcess() {
        let endpoints = RelayEndpoints.inproc(name: "relay")
        #expect(endpoints.collector.hasPrefix("inproc://") && endpoints.publisher.hasPrefix("inproc://"))
        #expect(endpoints.collector != endpoints.publisher)
    }
}
