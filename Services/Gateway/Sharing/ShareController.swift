import ChatConfig
import ChatProtocol
import HTTPTypes
import Hummingbird

/// `GET /api/share`: how to invite people, for the web GUI's share box.
///
/// `key_required` says whether clients need the access key. The invite link with a generated key
/// (`invite`) goes only to a request that presents that key, in any way the upgrade accepts it (the GUI
/// sends its tab's key as `Authorization: Bearer`): so only someone already let in sees it. A wrong key
/// counts as a failure, as at the upgrade, so this is no way around the failure limiter either.
struct ShareController<Context: RemoteAddressRequestContext>: Sendable {
    let address: PublicAddress
    let policy: AccessPolicy
    let clients: ClientAddressRule
    let inviteKey: String?

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("api/share") { request, context in
            let presented = PresentedKey(request)
            // Asking without a key is how the GUI learns whether one is needed: no failure, no invite.
            guard let inviteKey = self.inviteKey, presented != .none else { return self.answer(invite: nil) }
            let client = self.clients.failureCountingKey(request, peer: context.remoteAddress)
            switch self.policy.checkKey(presented, clientKey: client) {
            case .valid: return self.answer(invite: inviteKey)
            case .refused(let decision): return decision.response()
            }
        }
    }

    private func answer(invite inviteKey: String?) -> Response {
        let value = self.address.current
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("page", value.page)
        writer.field("url", value.webSocket)
        writer.field("source", value.source)
        writer.field("key_required", self.keyRequired)
        if let inviteKey { writer.field("invite", value.page + "#key=" + inviteKey) }
        writer.endObject()
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes))
        )
    }

    private var keyRequired: Bool {
        if case .open = self.policy.requirement { false } else { true }
    }
}
