import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 GET for the tunnel agents' local APIs (plain HTTP on the container network).
enum HTTPFetcher {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// GETs `url` (`http://host:port/path`); returns the status and body, or throws.
    static func get(_ url: String, timeout: Duration = .seconds(3), limit: Int = 1 << 20) async throws -> (status: Int, body: [UInt8]) {
        guard url.hasPrefix("http://") else { throw Failure(description: "only http:// URLs: \(url)") }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count).isEmpty ? "/" : String(rest.dropFirst(authority.count))
        let (host, port): (String, Int) = {
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                return (String(authority[..<colon]), port)
            }
            return (String(authority), 80)
        }()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(timeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
                    head.headers.add(name: "Host", value: String(authority))
                    head.headers.add(name: "Accept", value: "application/json")
                    head.headers.add(name: "Connection", value: "close")
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                    var status = 0
                    var body: [UInt8] = []
                    for try await part in inbound {
                        switch part {
                        case .head(let response): status = Int(response.status.code)
                        case .body(let buffer):
                            body += buffer.readableBytesView
                            guard body.count <= limit else { throw Failure(description: "response over \(limit) bytes") }
                        case .end: return (status, body)
                        }
                    }
                    return (status, body)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Failure(description: "no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
