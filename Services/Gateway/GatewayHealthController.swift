import Hummingbird

/// `GET /healthz`: 200 when the gateway serves and its relay link is up, 503 otherwise.
struct GatewayHealthController<Context: RequestContext>: Sendable {
    let link: RelayLink
    let hub: RoomHub

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("healthz") { _, _ in
            let up = self.link.isUp
            let body =
                #"{"status":"\#(up ? "ok" : "unavailable")","relay":"\#(up ? "up" : "down")","#
                + #""relay_epoch":"\#(String(self.link.relayEpoch, radix: 16))","#
                + #""gateway":"\#(String(self.link.gatewayID, radix: 16))","connections":\#(self.hub.connectionCount)}"#
            return Response(
                status: up ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
