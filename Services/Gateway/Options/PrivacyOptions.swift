public import ArgumentParser
import ChatConfig

/// `chat-gateway`'s access key, origin and TLS options.
public struct PrivacyOptions: ParsableArguments {
    @Option(
        help: """
            File holding the access key clients must present (16-128 of A-Z a-z 0-9 - _ . ~). The key itself may be \
            given as CHAT_ACCESS_KEY instead (never as a flag: command lines are visible to every user). (env: CHAT_ACCESS_KEY_FILE)
            """
    )
    var accessKeyFile: String?

    @Option(
        help: """
            With --tunnel-api and no access key: where the generated key is kept, so that gateways sharing this file \
            share the key (created if missing). (default: in memory; env: CHAT_TUNNEL_KEY_FILE)
            """
    )
    var tunnelKeyFile: String?

    @Option(
        help: """
            A web origin (https://chat.example.org) allowed to open the WebSocket besides the chat's own pages; \
            repeatable; * allows any. (env: CHAT_ALLOWED_ORIGINS, comma-separated)
            """
    )
    var allowedOrigin: [String] = []

    @Option(
        help: """
            Header in which a proxy in front (nginx, a tunnel agent) gives the client's address, e.g. X-Real-IP; failed \
            keys are counted per address. Believed only from a --trusted-proxy. (env: CHAT_CLIENT_ADDRESS_HEADER)
            """
    )
    var clientAddressHeader: String?

    @Option(
        help: """
            ADDRESS/PREFIX of a proxy whose --client-address-header is believed (IPv4 or IPv6); repeatable. Without one, \
            the header is believed from nobody. (env: CHAT_TRUSTED_PROXIES, comma-separated)
            """
    )
    var trustedProxy: [String] = []

    @Option(
        help: """
            File of NAME:TOKEN lines, one per bot or script allowed to post with incoming webhooks \
            (POST /api/rooms/ROOM/messages; tokens as access keys); readable by its owner only. (env: CHAT_BOT_TOKEN_FILE)
            """
    )
    var botTokenFile: String?

    @Option(help: "PEM certificate (chain) to serve HTTPS and wss:// with; needs --tls-key. (env: CHAT_TLS_CERT)")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert. (env: CHAT_TLS_KEY)")
    var tlsKey: String?

    public init() {}

    /// Sets the access requirement, the allowed origins, the client address header and its proxies, and TLS; a tunnel
    /// (``GatewayConfiguration/tunnelAPIs``) without a key gets a generated one.
    func apply(to configuration: inout GatewayConfiguration) throws(ValidationError) {
        let access = try self.access(tunnel: !configuration.tunnelAPIs.isEmpty)
        configuration.access = access.requirement
        configuration.inviteKey = access.inviteKey
        configuration.announcesInviteKey = access.announcesKey
        configuration.inviteKeyFile = access.keyFile
        configuration.allowedOrigins = resolveListOption(self.allowedOrigin, environment: "CHAT_ALLOWED_ORIGINS")
        configuration.clientAddressHeader = try resolveOptionalOption(self.clientAddressHeader, environment: "CHAT_CLIENT_ADDRESS_HEADER")
        configuration.trustedProxies = try self.trustedProxies()
        configuration.tls = try self.tls()
        configuration.botTokens = try self.botTokens()
    }

    /// The incoming webhooks' bots (none without a file); a file that is not right stops the gateway.
    private func botTokens() throws(ValidationError) -> BotTokens {
        guard let path = try resolveOptionalOption(self.botTokenFile, environment: "CHAT_BOT_TOKEN_FILE") else { return BotTokens() }
        do throws(BotTokenFileError) {
            return try BotTokens.load(path: path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Who must present the access key, and the key for invite links.
    private struct Access {
        var requirement: AccessRequirement
        /// The key to put in invite links: a generated one.
        var inviteKey: String?
        /// Whether this gateway made the key, and so prints it (once, with the tunnel's address).
        var announcesKey: Bool
        /// Where the generated key is kept, if in a file.
        var keyFile: String? = nil
    }

    /// The access key, in order: CHAT_ACCESS_KEY, --access-key-file, or (with a tunnel) a generated one.
    private func access(tunnel: Bool) throws(ValidationError) -> Access {
        do {
            if let key = environmentValue("CHAT_ACCESS_KEY") {
                return Access(requirement: .everyone(try AccessKey(key)), announcesKey: false)
            }
            if let path = try resolveOptionalOption(self.accessKeyFile, environment: "CHAT_ACCESS_KEY_FILE") {
                let (key, _) = try AccessKey.load(path: path, create: false)
                return Access(requirement: .everyone(try AccessKey(key)), announcesKey: false)
            }
            guard tunnel else { return Access(requirement: .open, announcesKey: false) }
            let (key, created): (String, Bool)
            let path = try resolveOptionalOption(self.tunnelKeyFile, environment: "CHAT_TUNNEL_KEY_FILE")
            if let path {
                (key, created) = try AccessKey.load(path: path, create: true)
            } else {
                (key, created) = (AccessKey.generate(), true)
            }
            return Access(requirement: .everyone(try AccessKey(key)), inviteKey: key, announcesKey: created, keyFile: path)
        } catch let error as ValidationError {
            throw error
        } catch let error as SecretFileError {
            throw ValidationError("access key: \(error)")
        } catch {
            throw ValidationError("\(error)")  // an AccessKeyError: what is wrong with the key or its file
        }
    }

    /// The `--trusted-proxy` ranges, or the message naming the one that is not a range.
    private func trustedProxies() throws(ValidationError) -> [AddressRange] {
        do throws(AddressRangeError) {
            return try resolveListOption(self.trustedProxy, environment: "CHAT_TRUSTED_PROXIES").map { text throws(AddressRangeError) in
                try AddressRange(text)
            }
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The certificate and key, which go together.
    private func tls() throws(ValidationError) -> TLSFiles? {
        let certificate = try resolveOptionalOption(self.tlsCert, environment: "CHAT_TLS_CERT")
        let key = try resolveOptionalOption(self.tlsKey, environment: "CHAT_TLS_KEY")
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?): return TLSFiles(certificateChain: certificate, privateKey: key)
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
    }
}
