import ChatConfig
public import Logging

extension GatewayConfiguration {
    /// The line `chat-gateway` prints once clients can connect on `port`: where to point a browser or a client.
    public func runningAnnouncement(port: Int) -> String {
        if let publicURL = self.publicURL {
            return "Private Chat is running: connect to \(publicURL)  (listening on \(self.host):\(port); relay: \(self.relayDescription))"
        }
        let host = Loopback.shownHost(listeningOn: self.host)
        let secure = self.tls == nil ? "" : "s"
        return "Private Chat is running: open http\(secure)://\(host):\(port)/ in a browser, "
            + "or connect to ws\(secure)://\(host):\(port)/ws  (relay: \(self.relayDescription))"
    }

    /// The line `chat-gateway` prints once IRC clients can connect on `port`, one stable line that scripts
    /// read the port from: `IRC clients: irc://HOST:PORT; /join #lobby` (`ircs://` with TLS).
    public func ircAnnouncement(port: Int) -> String {
        let scheme = self.tls == nil ? "irc" : "ircs"
        return "IRC clients: \(scheme)://\(Loopback.shownHost(listeningOn: self.host)):\(port); /join #lobby"
    }

    /// The line `chat-gateway` prints when a tunnel reports its public address.
    ///
    /// The generated key is in its links only when this gateway made it and `toTerminal`: standard output is
    /// an interactive terminal, where only the person at the machine reads it. Anywhere else (a pipe, a file, a
    /// container runtime's log) the line says where the key is kept instead, and never holds the key.
    public func publicAnnouncement(_ address: PublicAddress.Value, toTerminal: Bool) -> String {
        let links = "Private Chat is public: open \(address.page) in a browser, or connect to \(address.webSocket)  (via \(address.source)"
        guard let key = self.inviteKey else { return links + ")" }
        if self.announcesInviteKey && toTerminal {
            return "Private Chat is public: open \(address.page)#key=\(key) in a browser, or connect to \(address.webSocket)?key=\(key)  "
                + "(via \(address.source); the key is required: share it only with your group)"
        }
        guard let file = self.inviteKeyFile else {
            return links + "; the key is required, and not shown here as this is not a terminal: keep it in a file with --tunnel-key-file)"
        }
        return links + "; the key is required: it is in \(file))"
    }

    /// Warns when anyone who can reach the port may chat: no access key, and listening beyond this machine.
    public func warnIfOpenBeyondThisMachine(logger: Logger) {
        guard case .open = self.access, !Loopback.isName(self.host) else { return }
        logger.warning(
            "listening beyond this machine without an access key: anyone who can reach the port can chat",
            metadata: ["host": "\(self.host)", "hint": "set CHAT_ACCESS_KEY or --access-key-file"]
        )
    }

    /// Warns when `--client-address-header` is set without a `--trusted-proxy`: it is then believed from nobody.
    public func warnIfClientAddressHeaderIsIgnored(logger: Logger) {
        guard let header = self.clientAddressHeader, self.trustedProxies.isEmpty else { return }
        logger.warning(
            "the client address header is ignored: no trusted proxy is named",
            metadata: ["header": "\(header)", "hint": "set --trusted-proxy ADDRESS/PREFIX (CHAT_TRUSTED_PROXIES) to the proxy in front"]
        )
    }

    /// The relay as the announcement names it: its address (and its backup's), or `embedded`.
    var relayDescription: String {
        guard let relay = self.relay else { return "embedded" }
        return self.backupRelay.map { "\(relay.collector), backup \($0.collector)" } ?? relay.collector
    }
}
