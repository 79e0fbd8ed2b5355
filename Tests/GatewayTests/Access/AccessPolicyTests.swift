import Foundation
import NIOHTTP1
import Testing

@testable import Gateway

@Suite struct AccessPolicyTests {
    static let key = "a-key-for-the-tests-0123"

    func policy(_ requirement: AccessRequirement, allowed: [String] = [], publicURL: String? = nil) -> AccessPolicy {
        AccessPolicy(
            requirement: requirement,
            origins: OriginPolicy(allowed: allowed),
            failures: FailureLimiter(),
            hosts: HostAllowList(listenHost: "127.0.0.1", publicURL: { publicURL }),
            publicURL: { publicURL }
        )
    }

    func head(_ uri: String = "/ws", _ headers: [(String, String)]) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: HTTPHeaders([("Upgrade", "websocket")] + headers))
    }

    @Test func theKeyIsFoundInTheHeaderTheSubprotocolOrTheQuery() throws {
        let policy = self.policy(.everyone(try AccessKey(Self.key)))
        let host = ("Host", "127.0.0.1:8000")
        #expect(policy.decide(head("/ws", [host]), clientKey: "a") == .refuse(.unauthorized, reason: "no access key"))
        #expect(policy.decide(head("/ws", [host, ("Authorization", "Bearer \(Self.key)")]), clientKey: "a") == .allow)
        #expect(
            policy.decide(head("/ws", [host, ("Sec-WebSocket-Protocol", "privchat.v1, privchat.key.\(Self.key)")]), clientKey: "a") == .allow
        )
        #expect(policy.decide(head("/ws?x=1&key=\(Self.key)", [host]), clientKey: "a") == .allow)
        #expect(policy.decide(head("/ws?key=\(Self.key)x", [host]), clientKey: "a") == .refuse(.unauthorized, reason: "wrong access key"))
        let basic = "Basic " + Base64.encode("anyone:\(Self.key)")
        #expect(policy.decide(head("/ws", [host, ("Authorization", basic)]), clientKey: "a") == .allow)
        #expect(
            policy.decide(head("/ws", [host, ("Authorization", "Basic \(Self.key)")]), clientKey: "a")
                == .refuse(.unauthorized, reason: "wrong access key")
        )
    }

    @Test func aRequestWithSeveralKeysIsRefusedWithoutTryingAny() throws {
        let policy = self.policy(.everyone(try AccessKey(Self.key)))
        let several = head("/ws?key=guess-one-0123456789&key=\(Self.key)", [("Authorization", "Bearer \(Self.key)")])
        #expect(policy.decide(several, clientKey: "a") == .refuse(.badRequest, reason: "several access keys: present exactly one"))
        let queryTwice = head("/ws?key=\(Self.key)&key=\(Self.key)", [])
        #expect(policy.decide(queryTwice, clientKey: "a") == .refuse(.badRequest, reason: "several access keys: present exactly one"))
    }

    @Test func tenFailuresTurnAnAddressAwayEvenWithTheRightKey() throws {
        let policy = self.policy(.everyone(try AccessKey(Self.key)))
        for _ in 0..<10 { _ = policy.decide(head("/ws?key=wrong-wrong-wrong-wrong", []), clientKey: "203.0.113.9") }
        guard case .refuse(.tooManyRequests, _, let retryAfter?) = policy.decide(head("/ws?key=\(Self.key)", []), clientKey: "203.0.113.9") else {
            Issue.record("not rate limited")
            return
        }
        #expect((1...60).contains(retryAfter))
        #expect(policy.decide(head("/ws?key=\(Self.key)", []), clientKey: "198.51.100.1") == .allow)
    }

    @Test func noHeaderMakesARequestLocal() throws {
        let policy = self.policy(.everyone(try AccessKey(Self.key)))
        for local in ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "127.0.0.1"] {
            let headers = [("Host", local), ("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", "127.0.0.1"), ("X-Forwarded-Host", local)]
            #expect(policy.decide(head("/ws", headers), clientKey: local) == .refuse(.unauthorized, reason: "no access key"), "\(local)")
        }
    }

    @Test func anOpenChatRefusesHostsThatAreNotItsOwn() {
        let policy = self.policy(.open, publicURL: "wss://abc.trycloudflare.com/ws")
        #expect(policy.decide(head("/ws", [("Host", "localhost:8000")]), clientKey: "a") == .allow)
        #expect(policy.decide(head("/ws", [("Host", "abc.trycloudflare.com")]), clientKey: "a") == .allow)
        #expect(
            policy.decide(head("/ws", [("Host", "rebind.evil.example:8000")]), clientKey: "a")
                == .refuse(.misdirectedRequest, reason: "this chat does not answer to the host rebind.evil.example:8000: open it at its own address")
        )
        let keyed = AccessPolicy(
            requirement: .everyone(try! AccessKey(Self.key)),
            origins: OriginPolicy(),
            failures: FailureLimiter(),
            hosts: HostAllowList(listenHost: "127.0.0.1", publicURL: { nil }),
            publicURL: { nil }
        )
        #expect(keyed.decide(head("/ws?key=\(Self.key)", [("Host", "chat.example.org")]), clientKey: "a") == .allow, "the key decides")
    }

    @Test func keysAreValidatedAndGeneratedKeysAreLongAndURLSafe() throws {
        #expect(throws: AccessKeyError.self) { try AccessKey("short") }
        #expect(throws: AccessKeyError.self) { try AccessKey("has spaces inside it, see") }
        #expect(throws: AccessKeyError.self) { try AccessKey(String(repeating: "a", count: 129)) }
        _ = try AccessKey("  \(Self.key)\n")
        let generated = Set((0..<100).map { _ in AccessKey.generate() })
        #expect(generated.count == 100)
        for key in generated {
            #expect(key.count == 43)
            _ = try AccessKey(key)
        }
    }
}

/// Standard base64, as HTTP Basic credentials use it.
enum Base64 {
    static func encode(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}

@Suite struct OriginPolicyTests {
    let policy = OriginPolicy(allowed: ["https://chat.example.org"])

    @Test func theChatsOwnPagesAreAllowed() {
        #expect(policy.permits(origin: "http://localhost:8000", requestHosts: ["localhost:8000"], publicURL: nil))
        #expect(policy.permits(origin: "https://abc.ngrok.app", requestHosts: ["abc.ngrok.app:443"], publicURL: nil))
        #expect(policy.permits(origin: "https://abc.ngrok.app", requestHosts: ["web:8000"], publicURL: "wss://abc.ngrok.app/ws"))
        #expect(policy.permits(origin: "HTTP://LOCALHOST:8000", requestHosts: ["localhost:8000"], publicURL: nil))
        // The GUI's dev server on this machine, talking to a gateway on this machine.
        #expect(policy.permits(origin: "http://localhost:5173", requestHosts: ["localhost:8000"], publicURL: nil))
    }

    @Test func otherSitesAreRefusedUnlessListed() {
        #expect(!policy.permits(origin: "http://evil.example", requestHosts: ["localhost:8000"], publicURL: nil))
        #expect(!policy.permits(origin: "http://localhost:8001", requestHosts: ["chat.example.net"], publicURL: nil))
        #expect(!policy.permits(origin: "http://evil.example", requestHosts: ["127.0.0.1:8000"], publicURL: nil))
        #expect(!policy.permits(origin: "http://abc.ngrok.app", requestHosts: ["web:8000"], publicURL: "wss://abc.ngrok.app/ws"))
        #expect(!policy.permits(origin: "null", requestHosts: ["localhost:8000"], publicURL: nil))
        #expect(policy.permits(origin: "https://chat.example.org", requestHosts: ["localhost:8000"], publicURL: nil))
        #expect(OriginPolicy(allowed: ["*"]).permits(origin: "http://anything.example", requestHosts: [], publicURL: nil))
    }

    @Test func clientsThatAreNotBrowsersPass() {
        #expect(policy.permits(origin: nil, requestHosts: ["localhost:8000"], publicURL: nil))
        #expect(policy.permits(origin: "ws://127.0.0.1", requestHosts: ["127.0.0.1:8000"], publicURL: nil))
    }
}

@Suite struct FailureLimiterTests {
    @Test func theWindowEndsAndTheTableStaysBounded() {
        let limiter = FailureLimiter(allowedFailures: 2, window: .seconds(60), capacity: 3)
        let start = ContinuousClock.now
        limiter.recordFailure("a", now: start)
        #expect(limiter.retryAfter("a", now: start) == nil)
        limiter.recordFailure("a", now: start)
        #expect(limiter.retryAfter("a", now: start + .seconds(10)) == .seconds(50))
        #expect(limiter.retryAfter("a", now: start + .seconds(61)) == nil)
        for address in ["b", "c", "d", "e"] {
            limiter.recordFailure(address, now: start + .seconds(70))
            limiter.recordFailure(address, now: start + .seconds(70))
        }
        // Four addresses into three places: the oldest went, the newest is tracked.
        #expect(limiter.retryAfter("e", now: start + .seconds(71)) != nil)
    }
}
