import HTTPTypes
import Hummingbird

/// `Strict-Transport-Security` on every response of a gateway serving TLS: a browser that has been here
/// once uses https for a year, so a network attacker cannot downgrade a later visit to plain http.
///
/// Only with `--tls-cert`: over plain HTTP the header means nothing (browsers ignore it), and behind a TLS
/// proxy or tunnel it is that proxy's to send.
struct StrictTransportSecurity<Context: RequestContext>: RouterMiddleware {
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = Self.value
        return response
    }
}
