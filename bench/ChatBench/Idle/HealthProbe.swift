import NIOCore
import NIOPosix

/// Reads `"connections": N` from a Private Chat gateway's `GET /healthz`.
///
/// Other servers have no such endpoint; the probe then answers `nil` and the idle run relies on its hold
/// time alone. Raw HTTP/1.1 with `Connection: close`: the answer is small and read whole.
struct HealthProbe {
    let server: ServerAddress
    let group: any EventLoopGroup

    /// The gateway's connection count, or `nil` if it has none to tell (or does not answer within 2 s).
    func connections() -> Int? {
        let collected = self.group.next().makePromise(of: [UInt8].self)
        let request = "GET /healthz HTTP/1.1\r\nHost: \(self.server.hostHeader)\r\nConnection: close\r\n\r\n"
        let bootstrap = ClientBootstrap(group: self.group)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ResponseCollector(done: collected)) }
            }
        let answer = bootstrap.connect(host: self.server.host, port: self.server.port).flatMap { channel in
            let timeout = channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            channel.writeAndFlush(ByteBuffer(string: request), promise: nil)
            return collected.futureResult.always { _ in timeout.cancel() }
        }.flatMapError { error in
            collected.fail(error)
            return collected.futureResult
        }
        guard let bytes = try? answer.wait() else { return nil }
        return Self.connections(inResponse: String(decoding: bytes, as: UTF8.self))
    }

    /// The number after `"connections":` in a 200 answer.
    static func connections(inResponse response: String) -> Int? {
        guard response.hasPrefix("HTTP/1.1 200") || response.hasPrefix("HTTP/1.0 200"),
            let key = response.firstRange(of: "\"connections\":")
        else { return nil }
        let digits = response[key.upperBound...].drop(while: { $0 == " " }).prefix(while: { $0.isNumber })
        return Int(digits)
    }
}

/// Gathers every byte until the server closes the connection.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var bytes: [UInt8] = []
    private let done: EventLoopPromise<[UInt8]>

    init(done: EventLoopPromise<[UInt8]>) {
        self.done = done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        if self.bytes.count < 1 << 16, let chunk = buffer.readBytes(length: buffer.readableBytes) { self.bytes += chunk }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.done.succeed(self.bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
