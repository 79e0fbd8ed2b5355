import HTTPTypes
import Hummingbird

extension AccessDecision {
    /// A refusal as a Hummingbird response, with the headers ``AccessGateHandler`` sends for an upgrade.
    func response() -> Response {
        guard case .refuse(let status, let reason, let retryAfter) = self else { return Response(status: .internalServerError) }
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="chat""# }
        return Response(
            status: HTTPResponse.Status(code: Int(status.code), reasonPhrase: status.reasonPhrase),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: reason + "\n"))
        )
    }
}
