public import Hummingbird

/// `GET /healthz`: 200 while the relay loop runs, 503 otherwise, with a small JSON body; a relay of a
/// failover pair adds its `state` (`active`, `passive`, …).
public struct RelayHealthController<Context: RequestContext>: Sendable {
    let status: RelayStatus

    public init(status: RelayStatus) {
        self.status = status
    }

    public func addRoutes(to router: some RouterMethods<Context>) {
        router.get("healthz") { _, _ in
            let running = self.status.isRunning
            let body =
                #"{"status":"\#(running ? "ok" : "unavailable")","epoch":"\#(String(self.status.epoch, radix: 16))","#
                + #""sequence":\#(self.status.sequence),"gateways":\#(self.status.gatewayCount)"#
                + (self.status.peerState.map { #","state":"\#($0)""# } ?? "") + "}"
            return Response(
                status: running ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
