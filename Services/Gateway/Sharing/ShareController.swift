import ChatConfig
import ChatProtocol
import HTTPTypes
import Hummingbird

/// `GET /api/share`: how to invite people, for the web GUI's share box.
///
/// `key_required` says whether clients reaching the public address need the access key. The invite link
/// with a generated key (`invite`) goes only to requests addressed to this machine's loopback: the
/// person who started the chat, who could read the key from the gateway's output anyway.
struct ShareController<Context: RequestContext>: Sendable {
    let address: PublicAddress
    let access: AccessRequirement
    let inviteKey: String?

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("api/share") { request, _ in
            let value = self.address.current
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("page", value.page)
            writer.field("url", value.webSocket)
            writer.field("source", value.source)
            writer.field("key_required", self.keyRequired)
            if let inviteKey = self.inviteKey, Self.isLocal(request) {
                writer.field("invite", value.page + "#key=" + inviteKey)
            }
            writer.endObject()
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes))
            )
        }
    }

    private var keyRequired: Bool {
        if case .open = self.access { false } else { true }
    }

    private static func isLocal(_ request: Request) -> Bool {
        let hosts = [request.head.authority].compactMap { $0 } + request.headers[values: HTTPField.Name("X-Forwarded-Host")!]
        return !hosts.isEmpty && hosts.allSatisfy(Loopback.contains(authority:))
    }
}
