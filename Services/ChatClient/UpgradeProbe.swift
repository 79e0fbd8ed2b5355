import HTTPTypes
import NIOCore
import NIOPosix
import NIOSSL

/// Asks a server that refused a WebSocket upgrade why: the HTTP status of the same request, sent again.
///
/// The WebSocket library reports every refused upgrade alike, but a missing or wrong access key (401),
/// too many wrong keys (429) and a refused origin (403) each want their own advice. So the request goes
/// once more, by hand, with the same headers, and only the response's head is read.
enum UpgradeProbe {
    struct Answer: Equatable {
        let status: Int
        /// `Retry-After` (429): seconds to wait, as the server wrote them.
        let retryAfter: String?
    }

    /// The server's answer to the upgrade request, or `nil` if it gave none within `timeout`.
    static func answer(url: ServerURL, headers: HTTPFields, timeout: Duration = .seconds(5)) async -> Answer? {
        guard let target = Target(url) else { return nil }
        return await withTaskGroup(of: Answer?.self) { group in
            group.addTask { try? await Self.ask(target, headers: headers) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func ask(_ target: Target, headers: HTTPFields) async throws -> Answer? {
        let tls = try target.secure ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        // SNI takes names only, not addresses.
                        let name = target.host.contains(":") || target.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : target.host
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: name))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: Self.request(target, headers: headers)))
            var head: [UInt8] = []
            for try await chunk in inbound {
                head += chunk.readableBytesView
                if head.count > 16_384 || head.firstRange(of: Array("\r\n\r\n".utf8)) != nil { break }
            }
            return Self.parse(head)
        }
    }

    /// The upgrade request as the WebSocket library writes it (`Host`, `Origin`, then our headers).
    static func request(_ target: Target, headers: HTTPFields) -> String {
        var lines = [
            "GET \(target.path) HTTP/1.1",
            "Host: \(target.hostHeader)",
            "Origin: \(target.origin)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: cHJpdmNoYXQgcHJvYmUhIQ==",
        ]
        for field in headers { lines.append("\(field.name.rawName): \(field.value)") }
        return lines.joined(separator: "\r\n") + "\r\n\r\n"
    }

    /// The status and `Retry-After` of a response head; `nil` if it is not HTTP.
    static func parse(_ head: [UInt8]) -> Answer? {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        let retryAfter = lines.dropFirst().first { $0.lowercased().hasPrefix("retry-after:") }
            .map { String($0.dropFirst("retry-after:".count).drop { $0 == " " }) }
        return Answer(status: status, retryAfter: retryAfter)
    }

    /// Where a ``ServerURL`` points, in the pieces a request needs.
    struct Target {
        let secure: Bool
        /// Without brackets, for connecting.
        let host: String
        let port: Int
        let hostHeader: String
        let origin: String
        /// Path and query.
        let path: String

        init?(_ url: ServerURL) {
            self.secure = url.isSecure
            let rest = url.value.dropFirst(self.secure ? 6 : 5)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            self.path = rest.dropFirst(authority.count).isEmpty ? "/" : String(rest.dropFirst(authority.count))
            var host = Substring(authority)
            var port = self.secure ? 443 : 80
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
                port = number
                host = authority[..<colon]
            }
            self.hostHeader = String(authority)
            self.origin = (self.secure ? "wss://" : "ws://") + host
            self.host = String(host.hasPrefix("[") ? host.dropFirst().dropLast() : host)
            self.port = port
        }
    }
}
