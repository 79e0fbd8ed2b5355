import Synchronization

/// How people reach this chat: the page to open and the WebSocket URL for clients.
///
/// It starts as what the gateway was told (or its own address) and changes once a tunnel agent
/// reports its public URL. `GET /api/share` serves it to the web GUI's share box.
public final class PublicAddress: Sendable {
    public struct Value: Sendable, Equatable {
        /// The page to open in a browser, e.g. `https://abc.ngrok.app/`.
        public var page: String
        /// The URL chat clients connect to, e.g. `wss://abc.ngrok.app/ws`.
        public var webSocket: String
        /// Where it came from: `configured`, or the tunnel (`ngrok`, `cloudflared`).
        public var source: String
    }

    /// The address, and whether it is public: configured (`--public-url`) or a tunnel's, not where the gateway listens.
    private let state: Mutex<(value: Value, isPublic: Bool)>

    public init(webSocket: String) {
        self.state = Mutex((Value(page: Self.page(forWebSocket: webSocket), webSocket: webSocket, source: "configured"), !webSocket.isEmpty))
    }

    public var current: Value { self.state.withLock { $0.value } }

    /// The origin of the chat's public URL (`https://abc.ngrok.app`); `nil` while it has only the address it listens on.
    public var publicOrigin: String? {
        let (value, isPublic) = self.state.withLock { $0 }
        return isPublic ? Self.origin(ofPage: value.page) : nil
    }

    /// The origin of the page to open, public or not.
    var origin: String { Self.origin(ofPage: self.current.page) }

    /// Sets the address the gateway computed from where it listens, unless one was configured.
    func fallBack(toWebSocket url: String) {
        self.state.withLock { state in
            if state.value.webSocket.isEmpty { state.value = Value(page: Self.page(forWebSocket: url), webSocket: url, source: "configured") }
        }
    }

    /// Records a tunnel's public HTTPS address (`https://host`). Returns `true` if it changed.
    func tunnel(_ httpsURL: String, source: String) -> Bool {
        var base = httpsURL
        while base.hasSuffix("/") { base.removeLast() }
        let webSocket = (base.hasPrefix("https://") ? "wss://" + base.dropFirst("https://".count) : "ws://" + base.dropFirst("http://".count)) + "/ws"
        let next = Value(page: base + "/", webSocket: String(webSocket), source: source)
        return self.state.withLock { state in
            defer { state = (next, true) }
            return state.value != next
        }
    }

    /// `https://host:port/path` → `https://host:port`; empty for a page that is no URL.
    static func origin(ofPage page: String) -> String {
        guard let (scheme, authority) = OriginPolicy.split(page) else { return "" }
        return scheme + "://" + authority
    }

    /// `ws://host:port/ws` → `http://host:port/`, `wss://…` → `https://…`.
    static func page(forWebSocket url: String) -> String {
        var page = url.hasPrefix("wss://") ? "https://" + url.dropFirst(6) : url.hasPrefix("ws://") ? "http://" + url.dropFirst(5) : Substring(url)
        if page.hasSuffix("/ws") { page.removeLast(2) }
        return String(page)
    }
}
