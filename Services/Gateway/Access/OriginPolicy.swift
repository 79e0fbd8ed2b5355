import ChatConfig

/// Which web pages may open a chat WebSocket: the defence against cross-site WebSocket hijacking, in
/// which a page on another site uses a visitor's browser to talk to a chat it can reach.
///
/// Browsers always send `Origin` on a WebSocket handshake; other clients usually send none.
public struct OriginPolicy: Sendable {
    /// Origins allowed besides the chat's own (`https://chat.example.org`), or `*` for any.
    public var allowed: [String]

    public init(allowed: [String] = []) {
        self.allowed = allowed
    }

    /// Whether a handshake with this `Origin` may proceed, given the hosts the request was addressed to
    /// (`Host`, `X-Forwarded-Host`) and the chat's public URL.
    func permits(origin: String?, requestHosts: [String], publicURL: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return true }
        if self.allowed.contains("*") { return true }
        let normalizedOrigin = origin.lowercased()
        if self.allowed.contains(where: { Self.stripTrailingSlash($0.lowercased()) == normalizedOrigin }) { return true }
        guard let (scheme, authority) = Self.split(normalizedOrigin) else { return false }
        // A page's origin is never ws: or wss:; non-browser WebSocket clients (swift-websocket's, for one)
        // send their target URL's instead. Browsers cannot forge Origin, so this is no browser.
        if scheme == "ws" || scheme == "wss" { return true }
        let own = Self.normalize(authority: authority, scheme: scheme)
        // A page served from this machine to a chat addressed at this machine (the GUI's dev server on
        // another port): both ends are loopback, so no other site is involved.
        if Loopback.contains(authority: authority), !requestHosts.isEmpty, requestHosts.allSatisfy(Loopback.contains(authority:)) {
            return true
        }
        if requestHosts.contains(where: { Self.normalize(authority: $0.lowercased(), scheme: scheme) == own }) { return true }
        if let publicURL, let (publicScheme, publicAuthority) = Self.split(publicURL.lowercased()) {
            let page = publicScheme == "wss" ? "https" : publicScheme == "ws" ? "http" : publicScheme
            if page == scheme, Self.normalize(authority: publicAuthority, scheme: scheme) == own { return true }
        }
        return false
    }

    /// `https://host:port/path` → (`https`, `host:port`).
    static func split(_ url: String) -> (scheme: String, authority: String)? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = String(url[..<separator.lowerBound])
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.isEmpty ? nil : (scheme, String(authority))
    }

    /// Drops the scheme's default port, so that `https://host` and `Host: host:443` agree.
    static func normalize(authority: String, scheme: String) -> String {
        let defaultPort = (scheme == "https" || scheme == "wss") ? ":443" : ":80"
        return authority.hasSuffix(defaultPort) ? String(authority.dropLast(defaultPort.count)) : authority
    }

    static func stripTrailingSlash(_ origin: String) -> String {
        origin.hasSuffix("/") ? String(origin.dropLast()) : origin
    }
}
