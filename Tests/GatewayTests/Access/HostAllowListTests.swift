import Testing

@testable import Gateway

@Suite struct HostAllowListTests {
    let hosts = HostAllowList(listenHost: "chat.lan", publicURL: { "wss://abc.trycloudflare.com/ws" })

    @Test func theChatsOwnNamesAndAddressLiteralsAreAllowed() {
        for host in ["localhost:8000", "LOCALHOST", "app.localhost", "127.0.0.1:8000", "[::1]:8000", "192.168.1.20:8000", "[2001:db8::1]:443"] {
            #expect(self.hosts.permits(host), "\(host)")
        }
        #expect(self.hosts.permits("chat.lan:8000"), "the listen host")
        #expect(self.hosts.permits("abc.trycloudflare.com"), "the public URL's host")
        #expect(self.hosts.permits(nil), "no Host: no browser")
    }

    @Test func otherNamesAreRefused() {
        for host in ["rebind.evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "chat.lan.evil.example", "trycloudflare.com"] {
            #expect(!self.hosts.permits(host), "\(host)")
        }
    }
}
