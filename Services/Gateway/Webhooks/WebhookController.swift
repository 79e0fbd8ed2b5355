import ChatProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import RelayProtocol

/// `POST /api/rooms/ROOM/messages`: an incoming webhook, a bot's or a script's message in ROOM
/// (docs/PROTOCOL.md, "Incoming webhooks", which is the one statement of these rules).
///
/// The checks run cheapest and least revealing first: a foreign `Origin` is refused before its credentials
/// are counted (a page on another site cannot spend a visitor's failure budget), the credentials before the
/// body is read, the body's size before it is buffered, and the pace last, so a request that waits for its
/// token is one that will be posted. Nothing a request says reaches a log: not its token, not its text.
struct WebhookController<Context: RemoteAddressRequestContext>: Sendable {
    let relay: any WebhookRelay
    let credentials: WebhookCredentials
    let clients: ClientAddressRule
    let pacer: WebhookPacer
    /// `--max-message-bytes`: the longest text.
    let maxTextBytes: Int
    let metrics: WebhookMetrics
    /// Where a held request's timer runs: a scheduled task, not a task or a thread per waiting request.
    var timers: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    func addRoutes(to router: some RouterMethods<Context>) {
        router.post("api/rooms/:room/messages") { request, context in
            let response: Response
            do throws(WebhookAnswer) {
                response = try await self.post(request, context: context)
                self.metrics.posted.increment()
            } catch {
                response = error.response
                self.metrics.refused(error.status.code).increment()
            }
            return response
        }
    }

    private func post(_ request: Request, context: Context) async throws(WebhookAnswer) -> Response {
        guard self.credentials.policy.checkOrigin(of: request) == .allow else { throw .forbidden }
        let client = self.clients.failureCountingKey(request, peer: context.remoteAddress)
        let sender = try self.credentials.sender(of: request, clientKey: client).get()
        let room: RoomName
        do {
            room = try RoomName(validating: context.parameters.get("room").flatMap { $0.removingPercentEncoding } ?? "")
        } catch {
            throw .badRequest(.invalidRoom, error.description)
        }
        let body = try WebhookBody(bytes: try await self.bodyBytes(of: request), contentType: request.headers[.contentType])
        let name = try Self.name(of: sender, body: body)
        switch MessageText.verdict(on: body.text, limit: self.maxTextBytes) {
        case .relay: break
        case .blank: throw .badRequest(.invalidText, "the text is blank")
        case .refused(let problem):
            throw WebhookAnswer(problem.code == .tooLarge ? .contentTooLarge : .badRequest, problem.code, problem.description)
        }
        guard self.relay.isUp else { throw .unavailable("chat relay unavailable: try again in a moment") }
        try await self.pace(name)
        let answer: Envelope
        do {
            answer = try await self.relay.post(body.text, in: room.value, as: name)
        } catch {
            throw Self.answer(to: error)
        }
        guard answer.kind == .ack else { throw Self.answer(relayError: answer) }
        return WebhookAnswer.posted(room: room.value, sequence: answer.roomSequence)
    }

    /// The whole body, refused before it is buffered if it is larger than a text and its wrapping may be.
    private func bodyBytes(of request: Request) async throws(WebhookAnswer) -> [UInt8] {
        let limit = self.maxTextBytes + WebhookBody.overheadBytes
        let tooLarge = WebhookAnswer(.contentTooLarge, .tooLarge, "the body is larger than \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw tooLarge
        }
    }

    /// The sender's name: the bot's, or the one the access key's holder gives in a JSON body.
    private static func name(of sender: WebhookCredentials.Sender, body: WebhookBody) throws(WebhookAnswer) -> String {
        guard case .bot(let name) = sender else {
            guard let given = body.name else {
                throw .badRequest(.badRequest, "with the access key, send JSON with a \"name\" for the sender")
            }
            do {
                return try UserName(validating: given).value
            } catch {
                throw .badRequest(.invalidName, error.description)
            }
        }
        return name
    }

    /// Holds the request until the sender's token is due, or refuses it when that is over 5 s away.
    private func pace(_ name: String) async throws(WebhookAnswer) {
        switch self.pacer.take(for: name) {
        case .go(after: nil): return
        case .go(after: let wait?):
            let timer = self.timers.any().scheduleTask(in: TimeAmount(wait)) {}
            try? await timer.futureResult.get()
        case .refuse(let retryAfter):
            throw .rateLimited("\(name) posts faster than --rate allows: wait", retryAfter: retryAfter.retryAfterSeconds)
        }
    }

    private static func answer(to failure: RelayRequests.Failure) -> WebhookAnswer {
        switch failure {
        case .unavailable: .unavailable("chat relay unavailable: try again in a moment")
        case .full, .busy: .unavailable("chat relay busy: try again in a moment")
        case .timedOut: .unavailable("the chat relay did not answer in time: the message may have been posted")
        }
    }

    /// The relay's refusal, with the status of the spec's table.
    private static func answer(relayError answer: Envelope) -> WebhookAnswer {
        guard answer.kind == .error, let code = ErrorCode(rawValue: answer.errorCode) else {
            return .unavailable("unexpected answer from the chat relay")
        }
        switch code {
        case .unknownRoom: return WebhookAnswer(.notFound, code, answer.errorMessage)
        case .nameTaken, .nameBound: return WebhookAnswer(.conflict, code, answer.errorMessage)
        case .invalidName: return .badRequest(code, answer.errorMessage)
        default: return .unavailable("the chat relay refused: \(code.rawValue)")
        }
    }
}
