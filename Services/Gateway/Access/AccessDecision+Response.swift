import HTTPTypes
import Hummingbird

extension AccessDecision {
    /// A refusal as a Hummingbird response, with the headers ``AccessGateHandler`` sends for an upgrade;
    /// with `offeringBasic`, a 401 names Basic authentication too, so that a browser opening the link asks
    /// for the key (as the password).
    func response(offeringBasic: Bool = false) -> Response {
        guard case .refuse(let status, let reason, let retryAfter) = self else { return Response(status: .internalServerError) }
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        if status == .unauthorized {
            headers.append(HTTPField(name: .wwwAuthenticate, value: #"Bearer realm="chat""#))
            if offeringBasic { headers.append(HTTPField(name: .wwwAuthenticate, value: #"Basic realm="chat""#)) }
        }
        return Response(
            status: HTTPResponse.Status(code: Int(status.code), reasonPhrase: status.reasonPhrase),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: reason + "\n"))
        )
    }
}
