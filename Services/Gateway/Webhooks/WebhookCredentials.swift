import ChatConfig
import ChatProtocol
import HTTPTypes
import Hummingbird

/// Who a webhook request posts as, from its `Authorization: Bearer TOKEN` (docs/PROTOCOL.md, "Incoming
/// webhooks", Credentials): a bot token names its bot; the access key leaves the name to the body.
///
/// Only a `Bearer` header counts: a browser adds `Basic` credentials it remembers, a cookie or a URL's
/// `?key=` to a cross-site form POST by itself, but never a `Bearer` header, so no other site's page can
/// post in a visitor's name. Every wrong or missing token counts against the client in section 0's
/// limiter, whose `429` comes first, as at the upgrade.
struct WebhookCredentials: Sendable {
    /// Who is posting.
    enum Sender: Equatable {
        /// A bot token's bot: the body's `name` is ignored.
        case bot(name: String)
        /// The access key's holder: the body names the sender.
        case accessKeyHolder
    }

    let bots: BotTokens
    let policy: AccessPolicy

    func sender(of request: Request, clientKey: String) -> Result<Sender, WebhookAnswer> {
        if let refusal = self.policy.refusalAfterFailures(clientKey) { return .failure(Self.answer(refusal)) }
        let presented = PresentedKey(request)
        let bearer = request.headers[values: .authorization].filter { $0.trimmingWhitespace().lowercased().hasPrefix("bearer ") }
        guard case .one(let token) = presented, !bearer.isEmpty else {
            if presented == .several { return .failure(.badRequest(.badRequest, "several keys or tokens: present exactly one")) }
            self.policy.failures.recordFailure(clientKey)
            return .failure(.unauthorized("present a bot token (or the access key) as Authorization: Bearer TOKEN"))
        }
        if let name = self.bots.name(for: token) { return .success(.bot(name: name)) }
        guard case .everyone = self.policy.requirement else {
            self.policy.failures.recordFailure(clientKey)
            return .failure(.unauthorized("not a bot token of this chat"))
        }
        switch self.policy.checkKey(presented, clientKey: clientKey) {  // counts a wrong one
        case .valid: return .success(.accessKeyHolder)
        case .refused(let decision): return .failure(Self.answer(decision))
        }
    }

    /// Section 0's refusal, in a webhook's words.
    private static func answer(_ decision: AccessDecision) -> WebhookAnswer {
        guard case .refuse(let status, _, let retryAfter) = decision else { return .unauthorized("refused") }
        switch status.code {
        case 429: return .rateLimited("too many wrong tokens from this address: wait", retryAfter: retryAfter ?? 60)
        case 400: return .badRequest(.badRequest, "several keys or tokens: present exactly one")
        default: return .unauthorized("neither a bot token nor the access key of this chat")
        }
    }
}
