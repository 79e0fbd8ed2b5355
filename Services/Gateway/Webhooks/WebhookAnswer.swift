import ChatProtocol
import HTTPTypes
import Hummingbird
import NIOCore

/// What a webhook request is answered (docs/PROTOCOL.md, "Incoming webhooks", the table of statuses):
/// always JSON, never cached.
struct WebhookAnswer: Error, Equatable {
    let status: HTTPResponse.Status
    /// The `error` member: one of the `error` frame's codes, or `unauthorized`/`forbidden`.
    let code: String
    let message: String
    var retryAfterSeconds: Int? = nil

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    init(_ status: HTTPResponse.Status, _ code: ErrorCode, _ message: String, retryAfterSeconds: Int? = nil) {
        self.init(status, code.rawValue, message, retryAfterSeconds: retryAfterSeconds)
    }

    static func badRequest(_ code: ErrorCode, _ message: String) -> WebhookAnswer { .init(.badRequest, code, message) }
    static func unauthorized(_ message: String) -> WebhookAnswer { .init(.unauthorized, "unauthorized", message) }
    static let forbidden = WebhookAnswer(.forbidden, "forbidden", "origin not allowed")
    static func unavailable(_ message: String) -> WebhookAnswer { .init(.serviceUnavailable, .unavailable, message) }
    static func rateLimited(_ message: String, retryAfter seconds: Int) -> WebhookAnswer {
        .init(.tooManyRequests, .rateLimited, message, retryAfterSeconds: max(seconds, 1))
    }

    /// `401` names the scheme to use; `429` says when to come back.
    var response: Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("error", self.code)
        writer.field("message", self.message)
        writer.endObject()
        var headers = Self.headers
        if let retryAfterSeconds { headers[.retryAfter] = "\(retryAfterSeconds)" }
        if self.status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="chat""# }
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// `201 Created`: the message is `seq` of `room`.
    static func posted(room: String, sequence: UInt64) -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("room", room)
        writer.field("seq", sequence)
        writer.endObject()
        return Response(status: .created, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    private static let headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
}
