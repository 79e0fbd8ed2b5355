import HTTPTypes
import Testing

@testable import ChatClient

@Suite struct UpgradeProbeTests {
    @Test func theStatusAndRetryAfterAreReadFromTheResponseHead() {
        let head = Array("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nRetry-After: 42\r\n\r\n".utf8)
        #expect(UpgradeProbe.parse(head) == UpgradeProbe.Answer(status: 429, retryAfter: "42"))
        #expect(UpgradeProbe.parse(Array("HTTP/1.1 401 Unauthorized\r\n".utf8)) == UpgradeProbe.Answer(status: 401, retryAfter: nil))
        #expect(UpgradeProbe.parse(Array("SSH-2.0-OpenSSH\r\n".utf8)) == nil)
    }

    @Test func theProbeSendsWhatTheWebSocketLibrarySends() throws {
        let target = try #require(UpgradeProbe.Target(try ServerURL("ws://127.0.0.1:8000/ws?x=1")))
        #expect((target.host, target.port, target.path, target.secure) == ("127.0.0.1", 8000, "/ws?x=1", false))
        var headers = HTTPFields()
        headers[.authorization] = "Bearer the-key-the-key-1234"
        let request = UpgradeProbe.request(target, headers: headers)
        #expect(request.hasPrefix("GET /ws?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nOrigin: ws://127.0.0.1\r\n"))
        #expect(request.contains("\r\nAuthorization: Bearer the-key-the-key-1234\r\n") && request.hasSuffix("\r\n\r\n"))
        let secure = try #require(UpgradeProbe.Target(try ServerURL("https://[::1]/")))
        #expect((secure.host, secure.port, secure.hostHeader, secure.secure) == ("::1", 443, "[::1]", true))
    }

    @Test func eachRefusalGetsItsOwnAdviceAndTheAccessKeyIsAlwaysMentioned() throws {
        let url = try ServerURL("ws://h:1/ws")
        func refusal(_ status: Int?, key: Bool = false) -> ChatClientError {
            ChatClient.describeRefusedUpgrade(status.map { .init(status: $0, retryAfter: "30") }, url: url, keyGiven: key)
        }
        #expect(refusal(401).code == .accessKeyNeeded && refusal(401).message.contains("needs an access key"))
        #expect(refusal(401, key: true).message.contains("did not accept the access key"))
        #expect(refusal(429).code == .accessRefused && refusal(429).message.contains("try again in 30 s"))
        #expect(refusal(403).code == .accessRefused)
        for other in [nil, 404] {
            #expect(refusal(other).code == .notChatServer && refusal(other).message.contains("access key"))
        }
    }
}
