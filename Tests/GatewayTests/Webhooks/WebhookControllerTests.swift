import ChatProtocol
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RelayProtocol
import Synchronization
import Testing

@testable import Gateway

/// `POST /api/rooms/ROOM/messages` on a live server, posting to a stand-in for the relay: each status of
/// docs/PROTOCOL.md's table ("Incoming webhooks"), the headers, who the sender is, and the pace.
@Suite(.timeLimit(.minutes(1))) struct WebhookControllerTests {
    static let botToken = String(repeating: "b", count: 40)
    static let accessKey = "the-access-key-of-this-chat-0123"
    static let path = "/api/rooms/lobby/messages"

    /// The relay as the controller sees it: records each post and answers as `answer` says.
    final class Relay: WebhookRelay {
        struct Post: Equatable {
            let text: String
            let room: String
            let name: String
        }

        let up: Bool
        let answer: @Sendable (Post) throws(RelayRequests.Failure) -> Envelope
        let posts = Mutex<[Post]>([])

        init(up: Bool = true, answer: @escaping @Sendable (Post) throws(RelayRequests.Failure) -> Envelope = { _ in Relay.ack(7) }) {
            self.up = up
            self.answer = answer
        }

        var isUp: Bool { self.up }

        func post(_ text: [UInt8], in room: String, as name: String) async throws(RelayRequests.Failure) -> Envelope {
            let post = Post(text: String(decoding: text, as: UTF8.self), room: room, name: name)
            self.posts.withLock { $0.append(post) }
            return try self.answer(post)
        }

        static func ack(_ roomSequence: UInt64) -> Envelope {
            .ack(origin: .relay, clientMessageID: "request-1", room: "lobby", roomSequence: roomSequence, timestamp: 1)
        }

        static func error(_ code: ErrorCode) -> Envelope {
            .error(code: code.rawValue, message: "refused: \(code.rawValue)", origin: .relay)
        }
    }

    /// Serves the webhook route alone until `body` returns.
    static func withServer(
        keyed: Bool = false,
        relay: Relay = Relay(),
        rate: Double = 100,
        burst: Int = 100,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let policy = AccessPolicy(
            requirement: keyed ? .everyone(try AccessKey(Self.accessKey)) : .open,
            origins: OriginPolicy(),
            failures: FailureLimiter(),
            hosts: HostAllowList(listenHost: "127.0.0.1", publicURL: { nil }),
            publicURL: { nil }
        )
        let router = Router(context: GatewayRequestContext.self)
        WebhookController(
            relay: relay,
            credentials: WebhookCredentials(bots: try BotTokens(parsing: "ci:\(Self.botToken)"), policy: policy),
            clients: ClientAddressRule(),
            pacer: WebhookPacer(rate: rate, burst: burst),
            maxTextBytes: 100,
            metrics: WebhookMetrics()
        ).addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "webhooks"))
        try await app.test(.live) { client in try await body(client) }
    }

    static func headers(token: String? = Self.botToken, json: Bool = true, _ more: [(HTTPField.Name, String)] = []) -> HTTPFields {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json { headers[.contentType] = "application/json" }
        for (name, value) in more { headers.append(HTTPField(name: name, value: value)) }
        return headers
    }

    static func post(
        _ client: some TestClientProtocol,
        _ body: String,
        path: String = Self.path,
        headers: HTTPFields = Self.headers()
    ) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func error(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }

    @Test func aBotsMessageIsPostedUnderItsNameAndAnswered201WithTheRoomSequence() async throws {
        let relay = Relay()
        try await Self.withServer(relay: relay) { client in
            let response = try await Self.post(client, #"{"name":"someone else","text":"build 41 passed"}"#)
            #expect(response.status == .created)
            #expect(String(buffer: response.body) == #"{"room":"lobby","seq":7}"#)
            #expect(response.headers[.contentType] == "application/json" && response.headers[.cacheControl] == "no-store")
        }
        #expect(relay.posts.withLock { $0 } == [.init(text: "build 41 passed", room: "lobby", name: "ci")], "the token's name, not the body's")
    }

    @Test func aPlainBodyIsTheTextItselfAndTheRoomNameIsNormalised() async throws {
        let relay = Relay()
        try await Self.withServer(relay: relay) { client in
            let response = try await Self.post(
                client,
                "deployed\nto staging",
                path: "/api/rooms/%23Lobby/messages",
                headers: Self.headers(json: false)
            )
            #expect(response.status == .created)
        }
        #expect(relay.posts.withLock { $0 } == [.init(text: "deployed\nto staging", room: "lobby", name: "ci")])
    }

    @Test func noTokenOrAWrongOneIs401NamingBearerAndTenMakeIt429EvenForTheRightToken() async throws {
        try await Self.withServer { client in
            let none = try await Self.post(client, "x", headers: Self.headers(token: nil))
            #expect(none.status == .unauthorized && none.headers[.wwwAuthenticate] == #"Bearer realm="chat""#)
            #expect(Self.error(none).hasPrefix(#"{"error":"unauthorized""#))
            for _ in 0..<9 {
                #expect(try await Self.post(client, "x", headers: Self.headers(token: String(repeating: "w", count: 40))).status == .unauthorized)
            }
            let limited = try await Self.post(client, "x")
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(Self.error(limited).hasPrefix(#"{"error":"rate_limited""#))
        }
    }

    @Test func theTokenCountsOnlyAsABearerHeaderNotAsBasicOrAQueryKey() async throws {
        try await Self.withServer { client in
            let basic = "Basic " + StandardBase64.encode(Array("ci:\(Self.botToken)".utf8)[...])
            #expect(try await Self.post(client, "x", headers: [.authorization: basic]).status == .unauthorized)
            #expect(try await Self.post(client, "x", path: Self.path + "?key=\(Self.botToken)", headers: [:]).status == .unauthorized)
            let both = try await Self.post(client, "x", path: Self.path + "?key=\(Self.botToken)")
            #expect(both.status == .badRequest, "two keys: one request is one guess")
        }
    }

    @Test func aForeignOriginIs403BeforeItsCredentialsAreCounted() async throws {
        try await Self.withServer { client in
            let foreign = Self.headers(
                token: nil,
                json: false,
                [(.origin, "https://evil.example"), (.contentType, "application/x-www-form-urlencoded")]
            )
            for _ in 0..<12 {
                let response = try await Self.post(client, "text=pwned", headers: foreign)
                #expect(response.status == .forbidden && Self.error(response) == #"{"error":"forbidden","message":"origin not allowed"}"#)
            }
            #expect(
                try await Self.post(client, "x", headers: Self.headers(json: false)).status == .created,
                "a page elsewhere cannot spend the failure budget"
            )
            let withToken = Self.headers(json: false, [(.origin, "https://evil.example")])
            #expect(try await Self.post(client, "x", headers: withToken).status == .forbidden)
        }
    }

    @Test func theAccessKeysHolderNamesTheSenderInJSONAndAPlainBodyIsRefused() async throws {
        let relay = Relay()
        try await Self.withServer(keyed: true, relay: relay) { client in
            let keyed = Self.headers(token: Self.accessKey)
            #expect(try await Self.post(client, #"{"name":" deploy ","text":"hi"}"#, headers: keyed).status == .created)
            let nameless = try await Self.post(client, #"{"text":"hi"}"#, headers: keyed)
            #expect(nameless.status == .badRequest && Self.error(nameless).contains(#""bad_request""#))
            #expect(try await Self.post(client, "hi", headers: Self.headers(token: Self.accessKey, json: false)).status == .badRequest)
            let badName = try await Self.post(client, #"{"name":"a:b","text":"hi"}"#, headers: keyed)
            #expect(badName.status == .badRequest && Self.error(badName).contains(#""invalid_name""#))
            #expect(try await Self.post(client, "hi", headers: Self.headers(json: false)).status == .created, "a bot token works too")
        }
        #expect(relay.posts.withLock { $0.map(\.name) } == ["deploy", "ci"])
    }

    @Test func badRoomsAndTextsAre400AndOversizedOnes413() async throws {
        try await Self.withServer { client in
            let room = try await Self.post(client, "x", path: "/api/rooms/no%20spaces/messages")
            #expect(room.status == .badRequest && Self.error(room).contains(#""invalid_room""#))
            for text in ["   ", "bell \u{7}"] {
                let response = try await Self.post(client, text, headers: Self.headers(json: false))
                #expect(response.status == .badRequest && Self.error(response).contains(#""invalid_text""#))
            }
            let long = try await Self.post(client, String(repeating: "x", count: 101), headers: Self.headers(json: false))
            #expect(long.status == .contentTooLarge && Self.error(long).contains(#""too_large""#))
            let huge = try await Self.post(client, String(repeating: "x", count: 100 + 4096 + 1), headers: Self.headers(json: false))
            #expect(huge.status == .contentTooLarge)
            var notUTF8 = Self.headers()
            notUTF8[.contentType] = "application/json"
            let binary = try await client.execute(uri: Self.path, method: .post, headers: notUTF8, body: ByteBuffer(bytes: [0x7B, 0xFE, 0x7D]))
            #expect(binary.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: [
        (ErrorCode.unknownRoom, HTTPResponse.Status.notFound), (.nameTaken, .conflict), (.nameBound, .conflict), (.busy, .serviceUnavailable),
    ])
    func theRelaysRefusalsHaveTheTablesStatuses(code: ErrorCode, status: HTTPResponse.Status) async throws {
        try await Self.withServer(relay: Relay { _ in Relay.error(code) }) { client in
            let response = try await Self.post(client, #"{"text":"x"}"#)
            #expect(response.status == status)
            if status != .serviceUnavailable { #expect(Self.error(response).hasPrefix(#"{"error":"\#(code.rawValue)""#)) }
        }
    }

    @Test func withoutARelayOrItsAnswerIt503s() async throws {
        try await Self.withServer(relay: Relay(up: false)) { client in
            let response = try await Self.post(client, #"{"text":"x"}"#)
            #expect(response.status == .serviceUnavailable && Self.error(response).hasPrefix(#"{"error":"unavailable""#))
        }
        try await Self.withServer(relay: Relay { _ throws(RelayRequests.Failure) in throw .timedOut }) { client in
            let response = try await Self.post(client, #"{"text":"x"}"#)
            #expect(response.status == .serviceUnavailable && Self.error(response).contains("may have been posted"))
        }
    }

    @Test func aSenderOverItsPaceIsHeldForItsToken() async throws {
        try await Self.withServer(rate: 2, burst: 1) { client async throws in
            // Timed from before the first: its token was taken then, and the second's is due 0.5 s later.
            let start = ContinuousClock.now
            #expect(try await Self.post(client, #"{"text":"1"}"#).status == .created)
            #expect(try await Self.post(client, #"{"text":"2"}"#).status == .created, "held for its token, then posted")
            #expect(ContinuousClock.now - start >= .milliseconds(490))
        }
    }

    @Test func aSenderWhoseTokenIsOverFiveSecondsAwayIsRefused429WithRetryAfterAndNothingIsPosted() async throws {
        let relay = Relay()
        try await Self.withServer(relay: relay, rate: 0.1, burst: 1) { client in
            #expect(try await Self.post(client, #"{"text":"1"}"#).status == .created)
            let start = ContinuousClock.now
            let refused = try await Self.post(client, #"{"text":"2"}"#)
            #expect(refused.status == .tooManyRequests)
            #expect((6...10).contains(refused.headers[.retryAfter].flatMap { Int($0) } ?? 0), "when its token is due, past the 5 s it may wait")
            #expect(ContinuousClock.now - start < .seconds(2), "answered at once")
            #expect(Self.error(refused).hasPrefix(#"{"error":"rate_limited""#))
        }
        #expect(relay.posts.withLock { $0.count } == 1)
    }
}
