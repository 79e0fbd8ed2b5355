/// A chat server's WebSocket URL, checked before anything connects.
///
/// Accepts `ws://` and `wss://` URLs; a missing path becomes `/ws`, and `http(s)://` (what people copy
/// from a browser's address bar) becomes `ws(s)://`. An invite link,
/// `https://HOST/#key=KEY&room=ROOM&roomkey=ROOM_KEY`, gives `wss://HOST/ws`, its access key
/// (``inviteKey``) and an encrypted room with its key (``inviteRoom``, ``inviteRoomKey``): the fragment
/// is never sent to any server.
public struct ServerURL: Sendable, Hashable, CustomStringConvertible {
    public static let `default` = ServerURL(unchecked: "ws://localhost:8000/ws")

    /// The URL to connect to (without any fragment).
    public let value: String
    /// The access key of an invite link's fragment (`#key=KEY`).
    public let inviteKey: String?
    /// The room of an invite link's fragment (`room=ROOM`), as written there.
    public let inviteRoom: String?
    /// The room's key in an invite link's fragment (`roomkey=ROOM_KEY`), as written there.
    public let inviteRoomKey: String?

    public init(_ raw: String) throws(ServerURLError) {
        var url = raw.trimmingCharacters(in: " \t\n")
        guard !url.isEmpty else { throw ServerURLError(url: Self.redacted(raw), reason: "it is empty") }
        var fragment: Substring = ""
        if let hash = url.firstIndex(of: "#") {
            fragment = url[url.index(after: hash)...]
            url = String(url[..<hash])
        }
        let raw = Self.redacted(raw)
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
        self.inviteKey = Self.value(of: "key", inFragment: fragment)
        self.inviteRoom = Self.value(of: "room", inFragment: fragment)
        self.inviteRoomKey = Self.value(of: "roomkey", inFragment: fragment)
    }

    init(unchecked value: String) {
        self.value = value
        self.inviteKey = nil
        self.inviteRoom = nil
        self.inviteRoomKey = nil
    }

    public var isSecure: Bool { self.value.hasPrefix("wss://") }
    /// The URL for people: a `key=` in it is shown as `key=…`, so messages never reveal a key.
    public var description: String { Self.redacted(self.value) }

    /// `NAME=VALUE` among the `&`-separated parts of a fragment; `nil` when absent or empty.
    static func value(of name: String, inFragment fragment: Substring) -> String? {
        for part in fragment.split(separator: "&") where part.hasPrefix(name + "=") {
            let value = part.dropFirst(name.count + 1)
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// `text` with the value of every `key=` and `roomkey=` (after `?`, `&` or `#`) replaced by `…`.
    static func redacted(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "key=") {
            let start = rest[..<range.lowerBound].hasSuffix("room") ? rest.index(range.lowerBound, offsetBy: -4) : range.lowerBound
            let before = start == rest.startIndex ? result.last : rest[rest.index(before: start)]
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let before, "?&#".contains(before) else { continue }
            let value = rest.prefix { $0 != "&" && $0 != "#" }
            if !value.isEmpty { result += "…" }
            rest = rest.dropFirst(value.count)
        }
        return result + rest
    }
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
