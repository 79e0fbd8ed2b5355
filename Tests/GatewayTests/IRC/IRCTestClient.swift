import NIOCore
import NIOPosix
import Synchronization

/// A raw IRC client for the gateway's tests: it writes the lines it is given, as they are, and reads the
/// server's lines one by one.
struct IRCTestClient {
    let channel: any Channel
    private let lines: AsyncStream<String>

    /// Connects to the IRC port.
    static func connect(port: Int) async throws -> IRCTestClient {
        let (lines, sink) = AsyncStream.makeStream(of: String.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(LineCollector(sink: sink)) }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return IRCTestClient(channel: channel, lines: lines)
    }

    /// Connects, registers as `nick` (with `PASS pass` first, if given), and reads up to the end of the welcome.
    static func registered(port: Int, nick: String, pass: String? = nil) async throws -> IRCTestClient {
        let client = try await Self.connect(port: port)
        if let pass { try await client.send("PASS \(pass)") }
        try await client.send("NICK \(nick)", "USER u 0 * :Real Name")
        _ = try await client.next(containing: " 376 ")
        return client
    }

    /// Sends each line with CR LF.
    func send(_ lines: String...) async throws {
        for line in lines { try await self.send(bytes: Array((line + "\r\n").utf8)) }
    }

    /// Sends `bytes` as they are.
    func send(bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// The next line from the server, without its line end; `nil` once the connection closed.
    func next() async -> String? {
        var iterator = self.lines.makeAsyncIterator()
        return await iterator.next()
    }

    /// The next line containing `text`, skipping the others.
    func next(containing text: String) async throws -> String {
        while let line = await self.next() {
            if line.contains(text) { return line }
        }
        throw Ended(waitingFor: text)
    }

    /// Every line up to the connection's end.
    func rest() async -> [String] {
        var lines: [String] = []
        while let line = await self.next() { lines.append(line) }
        return lines
    }

    func close() async throws {
        try await self.channel.close()
    }

    struct Ended: Error, CustomStringConvertible {
        let waitingFor: String
        var description: String { "the connection ended before a line with \(self.waitingFor)" }
    }
}

/// Cuts what the server sends into lines (CR LF) for ``IRCTestClient``.
private final class LineCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let sink: AsyncStream<String>.Continuation
    private let pending = Mutex<[UInt8]>([])

    init(sink: AsyncStream<String>.Continuation) {
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = self.unwrapInboundIn(data).readableBytesView
        let lines = self.pending.withLock { pending -> [String] in
            var lines: [String] = []
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                    lines.append(String(decoding: pending, as: UTF8.self))
                    pending.removeAll()
                } else {
                    pending.append(byte)
                }
            }
            return lines
        }
        for line in lines { self.sink.yield(line) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.sink.finish()
        context.fireChannelInactive()
    }
}
