/// A chat server's WebSocket URL, checked before anything connects.
///
/// Accepts `ws://` and `wss://` URLs; a missing path becomes `/ws`, and `http(s)://` (what people copy
/// from a browser's address bar) becomes `ws(s)://`.
public struct ServerURL: Sendable, Hashable, CustomStringConvertible {
    public static let `default` = ServerURL(unchecked: "ws://localhost:8000/ws")

    public let value: String

    public init(_ raw: String) throws(ServerURLError) {
        var url = raw.trimmingCharacters(in: " \t\n")
        guard !url.isEmpty else { throw ServerURLError(url: raw, reason: "it is empty") }
        for (from, to) in [("http://", "ws://"), ("https://", "wss://")] where url.lowercased().hasPrefix(from) {
            url = to + url.dropFirst(from.count)
        }
        let lowered = url.lowercased()
        guard let scheme = ["ws://", "wss://"].first(where: { lowered.hasPrefix($0) }) else {
            throw ServerURLError(url: raw, reason: "it must start with ws:// or wss://, e.g. ws://localhost:8000/ws")
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.hasPrefix(":"), !authority.contains(" ") else {
            throw ServerURLError(url: raw, reason: "it has no host, e.g. ws://localhost:8000/ws")
        }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
                throw ServerURLError(url: raw, reason: "its port is not a number from 1 to 65535")
            }
        }
        let path = rest.dropFirst(authority.count)
        self.value = String(scheme) + authority + (path.isEmpty || path == "/" ? "/ws" : path)
    }

    init(unchecked value: String) {
        self.value = value
    }

    public var isSecure: Bool { self.value.hasPrefix("wss://") }
    public var description: String { self.value }
}

/// A URL the client cannot use, with the reason in plain words.
public struct ServerURLError: Error, Hashable, CustomStringConvertible {
    public let url: String
    public let reason: String
    public var description: String { "bad server URL \"\(self.url)\": \(self.reason)" }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
