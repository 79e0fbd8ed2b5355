import ArgumentParser
import ChatConfig

/// A WebSocket server to load, from `ws://HOST:PORT/PATH`; loopback hosts only.
///
/// The generator opens thousands of connections and sends as fast as a server takes them: pointed at
/// another machine it would be a denial-of-service tool, so it refuses every host but this one.
struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host to connect to, without brackets (`127.0.0.1`, `::1`, `localhost`).
    var host: String
    var port: Int
    /// Path and query, e.g. `/ws` or `/ws?key=KEY`.
    var path: String

    init(host: String, port: Int, path: String) {
        (self.host, self.port, self.path) = (host, port, path)
    }

    /// Parses `ws://HOST:PORT/PATH` (also `http://`, which means the same server); refuses `wss://`
    /// (no TLS here) and any host that is not loopback.
    init(url: String) throws(ValidationError) {
        var rest: Substring
        if url.hasPrefix("ws://") {
            rest = url.dropFirst(5)
        } else if url.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            throw ValidationError("--url must start with ws:// (got \"\(url)\"); TLS (wss://) is not supported")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/ws" : String(rest[slash...])
        rest = authority
        let host: String
        let portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw ValidationError("--url has an unclosed [ in its host: \(url)") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            portText = after.hasPrefix(":") ? after.dropFirst() : nil
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
            portText = nil
        }
        guard Loopback.isName(host.lowercased()) else {
            throw ValidationError(
                "refusing host \"\(host)\": chat-bench loads loopback servers only (127.0.0.1, localhost or [::1])"
            )
        }
        let port = portText.map { Int($0) } ?? 80
        guard let port, (1...65535).contains(port) else { throw ValidationError("--url has no valid port: \(url)") }
        self.init(host: host.lowercased(), port: port, path: path)
    }

    /// The `Host` header value.
    var hostHeader: String { self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }

    var description: String { "ws://\(self.hostHeader)\(self.path)" }

    /// Refuses a `tcp://HOST:PORT` relay address whose host is not loopback.
    static func checkLoopback(relay address: String) throws(ValidationError) {
        guard address.hasPrefix("tcp://") else { throw ValidationError("--relay must be tcp://HOST:PORT (got \"\(address)\")") }
        let hostAndPort = address.dropFirst(6)
        guard let colon = hostAndPort.lastIndex(of: ":") else { throw ValidationError("--relay needs a port: \(address)") }
        var host = String(hostAndPort[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard Loopback.isName(host.lowercased()) else {
            throw ValidationError("refusing relay host \"\(host)\": chat-bench loads loopback servers only (127.0.0.1, localhost or [::1])")
        }
    }
}
