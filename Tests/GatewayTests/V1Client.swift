import ChatProtocol
import HTTPTypes
import HummingbirdWSClient

/// A raw `privchat.v1` client for the gateway's tests: it writes the frames it is given, as they are,
/// and reads the server's frames one by one.
struct V1Client {
    let outbound: WebSocketOutboundWriter
    private let frames: AsyncStream<String>
    let finished: Task<WebSocketCloseFrame?, any Error>

    /// Connects with the subprotocol `privchat.v1`.
    static func connect(port: Int) async throws -> V1Client {
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = "privchat.v1"
        let connection = try await TestConnection.open(port: port, headers: headers)
        return V1Client(outbound: connection.outbound, frames: connection.texts, finished: connection.finished)
    }

    /// Connects and says hello as `name`, in `rooms`; returns the client and its welcome.
    static func welcomed(port: Int, name: String, rooms: [String]? = nil) async throws -> (V1Client, Welcome) {
        let client = try await Self.connect(port: port)
        try await client.send(.hello(Hello(name: name, rooms: rooms)))
        guard case .welcome(let welcome) = try await client.next() else { throw Unexpected(frame: "not a welcome") }
        return (client, welcome)
    }

    /// Sends `message`, encoded as a client encodes it.
    func send(_ message: ClientMessage) async throws {
        try await self.outbound.write(.text(String(decoding: message.encoded(), as: UTF8.self)))
    }

    /// Sends `text` as it is, in one text frame.
    func send(raw text: String) async throws {
        try await self.outbound.write(.text(text))
    }

    /// The next frame, as the server wrote it.
    func nextText() async throws -> String {
        var iterator = self.frames.makeAsyncIterator()
        guard let text = await iterator.next() else { throw Unexpected(frame: "the connection ended") }
        return text
    }

    /// The next frame, decoded.
    func next() async throws -> ServerMessage {
        let text = try await self.nextText()
        do {
            return try ServerMessage(decoding: Array(text.utf8))
        } catch {
            throw Unexpected(frame: text)
        }
    }

    /// The next frame of `type`, skipping the others.
    func next(_ type: String) async throws -> ServerMessage {
        while true {
            let message = try await self.next()
            if message.type == type { return message }
        }
    }

    /// Closes the connection and waits until it is closed.
    func close() async throws {
        try await self.outbound.close(.normalClosure, reason: nil)
        _ = try await self.finished.value
    }

    /// A frame (or the lack of one) that a test did not expect.
    struct Unexpected: Error, CustomStringConvertible {
        let frame: String
        var description: String { "unexpected: \(self.frame)" }
    }
}
