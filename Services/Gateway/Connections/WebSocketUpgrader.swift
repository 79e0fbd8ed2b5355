import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// The WebSocket opening handshake (RFC 6455 §4.2) for `/ws`, in NIO's upgrade machinery.
///
/// NIO's own upgrader puts its frame decoder and encoder in the pipeline; here the connection is left to
/// its one handler (``WebSocketEndpoint/open(_:head:)``), which frames for itself.
struct WebSocketUpgrader: NIOTypedHTTPServerProtocolUpgrader {
    typealias UpgradeResult = GatewayChannel.Upgrade

    struct Refused: Error {
        let reason: String
    }

    let endpoint: WebSocketEndpoint
    let supportedProtocol = "websocket"
    /// None that NIO checks: it would ask for them in the `Connection` header too. The key and version are
    /// checked when the response is built.
    let requiredUpgradeHeaders: [String] = []

    func buildUpgradeResponse(channel: any Channel, upgradeRequest head: HTTPRequestHead, initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        channel.eventLoop.makeCompletedFuture {
            let keys = head.headers[canonicalForm: "Sec-WebSocket-Key"]
            guard keys.count == 1, let key = keys.first, Data(base64Encoded: String(key))?.count == 16 else {
                throw Refused(reason: "Sec-WebSocket-Key must be one 16-byte key in base64")
            }
            guard head.headers[canonicalForm: "Sec-WebSocket-Version"] == ["13"] else { throw Refused(reason: "Sec-WebSocket-Version must be 13") }
            guard var headers = self.endpoint.upgradeHeaders(for: head) else { throw Refused(reason: "no WebSocket at this path") }
            headers.add(contentsOf: initialResponseHeaders)
            headers.replaceOrAdd(name: "Upgrade", value: "websocket")
            headers.replaceOrAdd(name: "Connection", value: "upgrade")
            headers.add(name: "Sec-WebSocket-Accept", value: Self.accept(key: key))
            return headers
        }
    }

    func upgrade(channel: any Channel, upgradeRequest head: HTTPRequestHead) -> EventLoopFuture<UpgradeResult> {
        channel.eventLoop.makeCompletedFuture {
            try self.endpoint.open(channel, head: head)
            return .webSocket
        }
    }

    /// The `Sec-WebSocket-Accept` value for a client's key: proof the server read it (RFC 6455 §4.2.2).
    static func accept(key: Substring) -> String {
        let digest = Insecure.SHA1.hash(data: Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Data(digest).base64EncodedString()
    }
}
