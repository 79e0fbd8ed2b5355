import ChatConfig
import ChatProtocol
import Identity
import Logging
import NIOCore
import RelayProtocol

/// A client that negotiated `privchat.v1`: JSON frames, rooms, presence, history, direct messages.
///
/// It reads and checks each frame here and forwards what the relay must decide (names, rooms,
/// messages); the relay's answers reach the client through the hub. Every problem is answered with an
/// `error` frame carrying the frame's id; the connection stays open.
struct ChatSession: ClientSession {
    let context: SessionContext
    private var hellos: TokenBucket
    private var registered = false
    /// A `hello` with a key, waiting for the `prove` that answers its challenge.
    var challenge: IdentityChallenge?
    /// The key this connection proved, with which every message it sends must be signed.
    var identityKey: IdentityKey?
    /// How often it may say it is typing (docs/PROTOCOL.md, "Typing"): what is over is ignored.
    var typingPace = TokenBucket(rate: 1, burst: 3, now: .now)

    /// Most rooms one `hello` may list; the relay enforces its own, usually lower, limit.
    static let maximumHelloRooms = 256

    init(context: SessionContext) {
        self.context = context
        self.hellos = context.makeHelloBucket(now: .now)
    }

    mutating func start(outbox: Outbox) {
        self.registered = self.context.register(mode: .v1, outbox: outbox)
    }

    func end(outbox: Outbox) {
        guard self.registered else { return }
        self.context.unregister()
        self.context.log(.info, "client left", metadata: ["mode": "v1"])
    }

    /// A frame as read: a command, or why it is none.
    enum Frame {
        case command(ClientMessage)
        case binary
        case malformed(ClientMessageError)
    }

    /// Decodes a frame as it arrives: its kind decides what it costs (``cost(of:)``).
    func read(_ message: InboundMessage) -> (frame: Frame, cost: PaceCost) {
        guard case .text(let text) = message else { return (.binary, .message) }
        self.context.log(.trace, "frame received", metadata: ["bytes": "\(text.readableBytes)"])  // its size, never its text
        do throws(ClientMessageError) {
            let command = try ClientMessage(decoding: text.readableBytesView)
            return (.command(command), Self.cost(of: command))
        } catch {
            return (.malformed(error), .message)
        }
    }

    mutating func receive(_ frame: Frame, outbox: Outbox) {
        guard !outbox.isClosed else { return }
        let command: ClientMessage
        switch frame {
        case .command(let decoded):
            command = decoded
        case .binary:
            self.context.metrics.refusedBinary.increment()
            outbox.push(Frames.error(.badRequest, "binary frames are not supported: send JSON text", id: nil))
            return
        case .malformed(let error):
            self.context.metrics.refusedMalformed.increment()
            outbox.push(Frames.error(error.code, error.message, id: error.id))
            return
        }
        if case .hello(let hello) = command {
            guard self.hellos.take(now: .now) else {
                self.context.metrics.refusedRateLimited.increment()
                let rate = self.context.configuration.helloRate.flagText
                outbox.push(Frames.error(.rateLimited, "slow down: at most \(rate) hellos per second; this one was ignored", id: nil))
                return
            }
            if let reply = self.hello(hello) { outbox.push(reply) }
            return
        }
        if case .prove(let prove) = command {
            if let problem = self.prove(prove) { outbox.push(problem) }
            return
        }
        guard self.context.hub.name(of: self.context.connectionID) != nil else {
            outbox.push(Frames.error(.notReady, "say hello first", id: command.id))
            return
        }
        self.handle(command, outbox: outbox)
    }

    /// The error frame for a send that did not happen.
    func failure(of result: RelayLink.SendResult, id: String?) -> ByteBuffer? {
        switch result {
        case .sent: nil
        case .unavailable: Frames.error(.unavailable, SessionContext.unavailableText, id: id)
        case .busy: Frames.error(.busy, SessionContext.busyText, id: id)
        }
    }
}
