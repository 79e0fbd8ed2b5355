import ChatProtocol
import Hummingbird
import Logging
import NIOHTTP1
import RelayProtocol
import ServiceLifecycle
import Testing

@testable import Gateway

/// `GET /files/…` on a real server on port 0, reading bodies from a stand-in for the relay: the upgrade's
/// access rules, the refusals, and a body streamed piece by piece with the headers that keep it inert.
@Suite(.timeLimit(.minutes(1))) struct FileDownloadControllerTests {
    static let key = "a-key-for-the-file-tests-0123"
    static let file = FileID(hex: "00112233445566778899aabbccddeeff")!
    /// Three pieces: two whole reads and a part.
    static let body = (0..<(2 * FileReadRange.maximumLength + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    /// The relay's store as the controller reads it: `bodies`, or nothing while `isUp` is false.
    struct Bodies: FileBodySource {
        var isUp = true
        var bodies: [FileID: [UInt8]] = [FileDownloadControllerTests.file: FileDownloadControllerTests.body]
        /// Reads from this offset on get no answer in time.
        var silentFrom: UInt64?

        func read(_ file: FileID, range: FileReadRange) async throws(RelayRequests.Failure) -> Envelope {
            if let silentFrom, range.offset >= silentFrom { throw .timedOut }
            guard let body = self.bodies[file] else { return Envelope(kind: .error, target: "file_expired", payload: Array("gone".utf8)) }
            let start = min(Int(range.offset), body.count)
            let end = min(body.count, start + Int(range.length))
            return .fileData(
                origin: .relay,
                file: file,
                size: UInt64(body.count),
                offset: UInt64(start),
                bytes: body[start..<end],
                clientMessageID: "r"
            )
        }
    }

    /// Serves the file routes (behind the gateway's Host check and security headers) until `body` returns.
    static func withServer(_ requirement: AccessRequirement, bodies: Bodies = Bodies(), _ body: (_ base: String) async throws -> Void) async throws {
        let policy = AccessPolicy(
            requirement: requirement,
            origins: OriginPolicy(),
            failures: FailureLimiter(),
            hosts: HostAllowList(listenHost: "127.0.0.1", publicURL: { nil }),
            publicURL: { nil }
        )
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: HostCheckMiddleware(policy: policy))
        router.add(middleware: SecurityHeaders())
        FileDownloadController(source: bodies, policy: policy, clients: ClientAddressRule(), metrics: FileMetrics()).addRoutes(to: router)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "files")
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "files")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)")
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func keyed() throws -> AccessRequirement { .everyone(try AccessKey(Self.key)) }

    static var path: String { "/files/\(Self.file.hex)" }

    @Test func withoutTheKeyA401AsksForItAsBearerOrBasic() async throws {
        try await Self.withServer(try Self.keyed()) { base in
            let answer = try await HTTPFetcher.get(base + Self.path)
            #expect(answer.status == 401)
            #expect(answer.headers["WWW-Authenticate"] == [#"Bearer realm="chat""#, #"Basic realm="chat""#])
            #expect(answer.headers.first(name: "Content-Security-Policy")?.contains("img-src 'self' data: blob:;") == true, "the page's policy")
        }
    }

    @Test func theKeyIsTakenFromBearerBasicOrTheQueryButTwoKeysAreRefused() async throws {
        try await Self.withServer(try Self.keyed()) { base in
            let basic = "Basic " + StandardBase64.encode(Array("anyone:\(Self.key)".utf8)[...])
            let byBasic = try await HTTPFetcher.get(base + Self.path, headers: [("Authorization", basic)], limit: 1 << 21)
            let byQuery = try await HTTPFetcher.get(base + Self.path + "?key=\(Self.key)", limit: 1 << 21)
            #expect(byBasic.status == 200 && byQuery.status == 200)
            let two = try await HTTPFetcher.get(base + Self.path + "?key=\(Self.key)", headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(two.status == 400)
        }
    }

    @Test func anOpenChatAnswersNoForeignHost() async throws {
        try await Self.withServer(.open) { base in
            let foreign = try await HTTPFetcher.get(base + Self.path, headers: [("Host", "evil.example")])
            let own = try await HTTPFetcher.get(base + Self.path, headers: [("Host", "localhost:80")], limit: 1 << 21)
            #expect(foreign.status == 421 && own.status == 200)
        }
    }

    @Test func aMalformedIDIs400AndABodyTheRelayDoesNotHold404() async throws {
        try await Self.withServer(.open) { base in
            #expect(try await HTTPFetcher.get(base + "/files/00112233").status == 400)
            #expect(try await HTTPFetcher.get(base + Self.path.uppercased().replacingOccurrences(of: "/FILES/", with: "/files/")).status == 400)
            let expired = try await HTTPFetcher.get(base + "/files/\(FileID.random().hex)/x.png")
            #expect(expired.status == 404 && expired.body == Array("file_expired".utf8))
        }
    }

    @Test func withoutARelayLinkA503() async throws {
        try await Self.withServer(.open, bodies: Bodies(isUp: false)) { base in
            let answer = try await HTTPFetcher.get(base + Self.path)
            #expect(answer.status == 503)
        }
    }

    @Test func aRelayThatDoesNotAnswerTheFirstReadIs504() async throws {
        try await Self.withServer(.open, bodies: Bodies(silentFrom: 0)) { base in
            let answer = try await HTTPFetcher.get(base + Self.path)
            #expect(answer.status == 504)
        }
    }

    @Test func theBodyComesWholeAsAnInertAttachmentNamedByTheLink() async throws {
        try await Self.withServer(try Self.keyed()) { base in
            let answer = try await HTTPFetcher.get(
                base + Self.path + "/na%C3%AFve%20%22notes%22.html",
                headers: [("Authorization", "Bearer \(Self.key)")],
                limit: 1 << 21
            )
            #expect(answer.status == 200)
            #expect(answer.body == Self.body, "byte for byte, over three reads")
            let headers = answer.headers
            #expect(headers["Content-Length"] == ["\(Self.body.count)"])
            #expect(headers["Content-Type"] == ["application/octet-stream"])
            #expect(headers["Content-Disposition"] == [#"attachment; filename="na_ve _notes_.html"; filename*=UTF-8''na%C3%AFve%20%22notes%22.html"#])
            #expect(headers["Cache-Control"] == ["no-store"])
            #expect(headers["X-Content-Type-Options"] == ["nosniff"])
            #expect(headers["Content-Security-Policy"] == ["sandbox; default-src 'none'"], "not the page's policy")
            #expect(headers["Referrer-Policy"] == ["no-referrer"])
        }
    }

    @Test func aNameIsOptionalAndMadeSafe() async throws {
        try await Self.withServer(.open) { base in
            let plain = try await HTTPFetcher.get(base + Self.path, limit: 1 << 21)
            #expect(plain.headers["Content-Disposition"] == [#"attachment; filename="file"; filename*=UTF-8''file"#])
            let dots = try await HTTPFetcher.get(base + Self.path + "/..", limit: 1 << 21)
            #expect(dots.headers["Content-Disposition"].first?.contains(#"filename="file""#) == true)
        }
    }

    @Test func aPieceThatDoesNotComeInTimeCutsTheBodyShort() async throws {
        try await Self.withServer(.open, bodies: Bodies(silentFrom: UInt64(FileReadRange.maximumLength))) { base in
            let answer = try? await HTTPFetcher.get(base + Self.path, limit: 1 << 21)
            #expect(answer.map { $0.body.count < Self.body.count } ?? true, "the promised length is never reached")
        }
    }
}
