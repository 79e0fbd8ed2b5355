import HTTPTypes
import Hummingbird

/// Headers that make the web GUI's pages safe to open: scripts and styles only from the page's own origin
/// (so injected markup cannot run), images from it and from `data:` and `blob:` URLs too (thumbnails come
/// as `data:` URLs, a decrypted picture as a `blob:` the page made itself), WebSocket connections only to the page's own origin or this
/// machine by name (so the browser itself refuses to carry the tab's key elsewhere; web/src/protocol/serverURL.js
/// is the GUI's own rule, and a policy cannot name `[::1]` or all of 127/8), no framing (no clickjacking), no MIME sniffing, and no `Referer` carrying a chat's
/// address to other sites.
///
/// A route that sends a policy of its own keeps it: a file body's sandbox (``FileResponseHeaders``).
///
/// The web container's nginx sends the same (deploy/nginx/security-headers.conf); keep them in step.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self' ws://localhost:* ws://127.0.0.1:* wss://localhost:* wss://127.0.0.1:*; "
            + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.add(to: &response.headers)
        return response
    }

    static func add(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
        headers[.xContentTypeOptions] = "nosniff"
        headers[SecurityHeaderNames.referrerPolicy] = "no-referrer"
        headers[SecurityHeaderNames.frameOptions] = "DENY"
        headers[SecurityHeaderNames.openerPolicy] = "same-origin"
        headers[SecurityHeaderNames.permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
    }
}

/// Header names HTTPTypes has no constant for.
private enum SecurityHeaderNames {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let openerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
}
