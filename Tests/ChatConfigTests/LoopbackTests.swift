import ChatConfig
import Testing

@Suite struct LoopbackTests {
    @Test(arguments: ["127.0.0.1", "localhost", "::1"])
    func theUsualNamesAreLoopbackNames(host: String) {
        #expect(Loopback.isName(host))
    }

    @Test(arguments: ["127.0.0.2", "LOCALHOST", "[::1]", "0.0.0.0", "::", "chat.localhost", "10.0.0.1"])
    func anythingElseIsNotALoopbackName(host: String) {
        #expect(!Loopback.isName(host))
    }

    @Test(arguments: [
        "localhost", "localhost:8000", "LOCALHOST:8000", "[::1]:8000", "[::1]", "127.0.0.1", "127.1.2.3:80", " chat.localhost ", "a.b.localhost:1",
    ])
    func anAuthorityOnThisMachineIsLoopback(authority: String) {
        #expect(Loopback.contains(authority: authority))
    }

    @Test(arguments: ["example.org", "127.example.org", "127.0.0", "127.0.0.256", "10.0.0.1:80", "[::2]:80", "localhost.example.org", "", "::1"])
    func anyOtherAuthorityIsNot(authority: String) {
        #expect(!Loopback.contains(authority: authority), "a bare ::1 reads as host : and port 1, as a Host header would")
    }

    @Test func wildcardAndLoopbackAddressesAreShownAsLocalhost() {
        for host in ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost"] {
            #expect(Loopback.shownHost(listeningOn: host) == "localhost")
        }
        #expect(Loopback.shownHost(listeningOn: "192.168.1.5") == "192.168.1.5")
        #expect(Loopback.shownHost(listeningOn: "127.0.0.2") == "127.0.0.2")
    }
}
