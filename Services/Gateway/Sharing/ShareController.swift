import ChatProtocol
import Hummingbird

/// `GET /api/share`: how to invite people, for the web GUI's share box.
struct ShareController<Context: RequestContext>: Sendable {
    let address: PublicAddress

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("api/share") { _, _ in
            let value = self.address.current
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("page", value.page)
            writer.field("url", value.webSocket)
            writer.field("source", value.source)
            writer.endObject()
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes))
            )
        }
    }
}
