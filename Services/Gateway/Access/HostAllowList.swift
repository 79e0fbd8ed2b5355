import ChatConfig

/// The hosts an open chat answers to: the defence against DNS rebinding, in which a page on
/// `evil.example` has its name re-pointed at this machine (or a LAN address) and so reaches the chat as
/// its own origin, with the browser sending `Host: evil.example`.
///
/// Allowed: this machine's loopback names, an IP address written as such (a rebinding page always has a
/// name of its own, so an address literal is never one), the host the gateway listens on, and the host of
/// its public URL (`--public-url` or the tunnel's, read at each request). A request without `Host` is no
/// browser's and is allowed.
struct HostAllowList: Sendable {
    /// `--host`, as given (`0.0.0.0`, `chat.lan`).
    let listenHost: String
    /// The chat's public URL right now.
    let publicURL: @Sendable () -> String?

    func permits(_ authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        let host = Authority.host(authority)
        if Loopback.contains(authority: authority) || IPAddress(host) != nil { return true }
        if host == Authority.host(self.listenHost.contains(":") ? "[\(self.listenHost)]" : self.listenHost) { return true }
        guard let publicURL = self.publicURL(), let (_, publicAuthority) = OriginPolicy.split(publicURL) else { return false }
        return host == Authority.host(publicAuthority)
    }
}
