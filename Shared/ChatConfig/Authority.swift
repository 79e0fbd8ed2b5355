/// The host part of a `Host`-style authority, the one reading of it for every check that compares hosts.
public enum Authority {
    /// `Localhost:8000` → `localhost`, `[::1]:8000` → `::1`, `chat.example.org` → `chat.example.org`.
    ///
    /// Lower-cased and trimmed. An authority without brackets is read as `host:port`, as in a `Host` header,
    /// so a bare `::1` is not an IPv6 address here.
    public static func host(_ authority: String) -> String {
        var host = Substring(authority.lowercased())
        while host.first?.isWhitespace == true { host.removeFirst() }
        while host.last?.isWhitespace == true { host.removeLast() }
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return String(host)
    }
}
