import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 GET for the tunnel agents' local APIs (plain HTTP on the container network).
enum HTTPFetcher {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// An answer: its status, headers and body.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// GETs `url` (`http://host:port/path`) with `headers` besides the defaults (a `Host` of its own replaces
    /// the URL's); returns the answer, or throws.
    static func get(
        _ url: String,
        headers: [(String, String)] = [],
        timeout: Duration = .seconds(3),
        limit: Int = 1 << 20
    ) async throws -> Response {
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
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
                    if !headers.contains(where: { $0.0.lowercased() == "host" }) { head.headers.add(name: "Host", value: String(authority)) }
                    head.headers.add(name: "Accept", value: "application/json")
                    head.headers.add(name: "Connection", value: "close")
                    head.headers.add(contentsOf: headers)
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                    var response = Response(status: 0, headers: [:], body: [])
                    for try await part in inbound {
                        switch part {
                        case .head(let head): (response.status, response.headers) = (Int(head.status.code), head.headers)
                        case .body(let buffer):
                            response.body += buffer.readableBytesView
                            guard response.body.count <= limit else { throw Failure(description: "response over \(limit) bytes") }
                        case .end: return response
                        }
                    }
                    return response
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
