/// This machine's loopback interface: which hosts name it, and how a listening address is shown to people.
///
/// The one home of the rule for the gateway (its open-access warning, its announcement, which requests
/// count as local) and the bench (which refuses every other host). Callers want two strengths of it:
/// ``names`` are what people write for "this machine only", and ``contains(authority:)`` also takes the
/// rest of what a browser on this machine may put in a `Host` header (127.0.0.0/8, `*.localhost`).
public enum Loopback {
    /// The usual names of this machine's loopback, as written in a flag or a URL (no brackets).
    public static let names: Set<String> = ["127.0.0.1", "localhost", "::1"]

    /// Listening on every interface, which this machine reaches as `localhost` too.
    public static let wildcards: Set<String> = ["0.0.0.0", "::"]

    /// Whether `host` is exactly one of ``names``: case and brackets as given, no port.
    public static func isName(_ host: String) -> Bool {
        self.names.contains(host)
    }

    /// Whether a `Host`-style authority (`localhost:8000`, `[::1]:8000`, `127.0.0.2`) names this machine's
    /// loopback: one of ``names``, any address in 127.0.0.0/8, or a name under `.localhost` (RFC 6761).
    ///
    /// An authority without brackets is read as `host:port`, as in a `Host` header, so a bare `::1` is not one.
    public static func contains(authority: String) -> Bool {
        let host = Authority.host(authority)
        if Self.isName(host) || host.hasSuffix(".localhost") { return true }
        // 127.0.0.0/8, written as an address (a name like 127.example.org is not loopback).
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The host people on this machine use to reach a server listening on `host`: `localhost` for a
    /// wildcard or loopback address, else `host` itself.
    public static func shownHost(listeningOn host: String) -> String {
        self.isName(host) || self.wildcards.contains(host) ? "localhost" : host
    }
}
