import HTTPTypes
import HummingbirdWSClient
import Logging

/// One WebSocket connection of a test client to the gateway's `/ws`: its writer, the text frames it
/// receives, and how it ended.
struct TestConnection {
    let outbound: WebSocketOutboundWriter
    let texts: AsyncStream<String>
    let finished: Task<WebSocketCloseFrame?, any Error>

    /// Connects with the upgrade request's `headers`, and sends `first` at once if given.
    static func open(port: Int, headers: HTTPFields = [:], first: String? = nil) async throws -> TestConnection {
        let (texts, sink) = AsyncStream.makeStream(of: String.self)
        let (writers, writerSink) = AsyncStream.makeStream(of: WebSocketOutboundWriter.self)
        var configuration = WebSocketClientConfiguration(additionalHeaders: headers)
        configuration.maxFrameSize = 1 << 20  // a file_data frame (32 KiB in base64) is over the default 16 KiB
        let finished = Task {
            defer {
                sink.finish()
                writerSink.finish()
            }
            return try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws",
                configuration: configuration,
                logger: Logger(label: "client")
            ) { inbound, outbound, _ in
                if let first { try await outbound.write(.text(first)) }
                writerSink.yield(outbound)
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    if case .text(let text) = message { sink.yield(text) }
                }
            }
        }
        var iterator = writers.makeAsyncIterator()
        guard let outbound = await iterator.next() else { throw CancellationError() }
        return TestConnection(outbound: outbound, texts: texts, finished: finished)
    }

    /// The next text frame; `nil` once the connection ended.
    func next() async -> String? {
        var iterator = self.texts.makeAsyncIterator()
        return await iterator.next()
    }
}
