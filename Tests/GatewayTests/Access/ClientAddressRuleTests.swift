import Testing

@testable import Gateway

@Suite struct ClientAddressRuleTests {
    let rule = ClientAddressRule(header: "X-Forwarded-For", trustedProxies: [try! AddressRange("10.213.77.10/32"), try! AddressRange("fd00::/8")])

    @Test func theHeaderIsBelievedOnlyFromATrustedProxy() {
        #expect(self.rule.clientAddress(peer: "10.213.77.10", forwarded: ["203.0.113.9"])?.description == "203.0.113.9")
        #expect(self.rule.clientAddress(peer: "10.213.77.11", forwarded: ["203.0.113.9"])?.description == "10.213.77.11")
        #expect(self.rule.clientAddress(peer: "10.213.77.10", forwarded: [])?.description == "10.213.77.10")
        let nobodyTrusted = ClientAddressRule(header: "X-Real-IP")
        #expect(nobodyTrusted.clientAddress(peer: "127.0.0.1", forwarded: ["203.0.113.9"])?.description == "127.0.0.1")
    }

    @Test func theClientIsTheLastAddressInTheChainThatIsNoTrustedProxy() {
        // Whatever the client wrote itself is on the left; each proxy appends what it saw.
        let chain = ["198.51.100.1, 192.0.2.66", "fd00::5"]
        #expect(self.rule.clientAddress(peer: "10.213.77.10", forwarded: chain)?.description == "192.0.2.66")
        #expect(self.rule.clientAddress(peer: "10.213.77.10", forwarded: ["garbage, 192.0.2.66"])?.description == "192.0.2.66")
        #expect(self.rule.clientAddress(peer: "10.213.77.10", forwarded: ["192.0.2.66, garbage"])?.description == "10.213.77.10")
    }

    @Test func failuresAreCountedPerIPv4AddressAndPerIPv6Slash64() {
        #expect(self.rule.failureCountingKey(peer: "2001:db8:1:2:aaaa::1", forwarded: []) == "2001:db8:1:2::/64")
        #expect(self.rule.failureCountingKey(peer: "2001:db8:1:2:bbbb::9", forwarded: []) == "2001:db8:1:2::/64")
        #expect(self.rule.failureCountingKey(peer: "::ffff:192.0.2.7", forwarded: []) == "192.0.2.7")
        #expect(self.rule.failureCountingKey(peer: nil, forwarded: []) == "unknown")
    }

    @Test func rangesMatchTheirPrefixOnly() throws {
        let range = try AddressRange("172.16.0.0/12")
        #expect(range.contains(IPAddress("172.31.255.255")!) && !range.contains(IPAddress("172.32.0.0")!))
        #expect(!range.contains(IPAddress("::ffff:10.0.0.1")!))
        #expect(try AddressRange("192.0.2.77/24").description == "192.0.2.0/24")
        #expect(try AddressRange("::1").description == "::1/128")
        #expect(throws: AddressRangeError.self) { try AddressRange("localhost/8") }
        #expect(throws: AddressRangeError.self) { try AddressRange("10.0.0.0/") }
    }
}
