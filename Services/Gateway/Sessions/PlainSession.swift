import ChatProtocol
import Logging
import NIOCore
import RelayProtocol

/// A client that negotiated no subprotocol, speaking the seed's protocol.
///
/// Its first text frame is its username, claimed at the relay like any other name; every later text
/// frame is a message for `lobby`, which everyone else there receives as `name: text`. Problems are
/// reported to this client alone as `error: …` text frames; a taken name also closes the connection.
struct PlainSession: ClientSession {
    let context: SessionContext
    private var name: UserName?
    /// Plain clients send no ids; the gateway numbers their messages so that one sent again after a
    /// relay failover is recognised by the relay (ids are per session, and the session is fresh).
    private var sent = 0
    /// The `Host` this client connected to, which the links of shared files it is shown may name.
    private let linkHost: String

    init(context: SessionContext, linkHost: String = "") {
        self.context = context
        self.linkHost = linkHost
    }

    func start(outbox: Outbox) {}

    /// Every plain message is one message: plain clients move no files.
    func read(_ message: InboundMessage) -> (frame: InboundMessage, cost: PaceCost) {
        (message, .message)
    }

    mutating func receive(_ message: InboundMessage, outbox: Outbox) {
        guard !outbox.isClosed else { return }
        guard let name = self.name else { return self.claim(message, outbox: outbox) }
        guard case .text(let text) = message else {
            self.context.metrics.refusedBinary.increment()
            outbox.push(Frames.plainError("binary frames are not supported: send text"))
            return
        }
        self.relay(text, from: name, outbox: outbox)
    }

    func end(outbox: Outbox) {
        guard let name = self.name else { return }
        self.context.unregister()
        self.context.log(.info, "client left", metadata: ["name": "\(name)"])
    }

    /// The first frame: the username, claimed at the relay with `lobby`.
    private mutating func claim(_ message: InboundMessage, outbox: Outbox) {
        let name: UserName
        switch message {
        case .binary:
            return self.refuseName("send your username as a text frame", outbox: outbox)
        case .text(let text):
            do {
                name = try UserName(validating: String(buffer: text))
            } catch {
                return self.refuseName(error.description, outbox: outbox)
            }
        }
        guard self.context.register(mode: .plain, outbox: outbox, linkHost: self.linkHost) else { return }
        self.name = name
        let lobby = RoomName.lobby.value
        let session = SessionToken.random().value
        guard self.context.hub.beginClaim(self.context.connectionID, name: name.value, session: session, rooms: [lobby]) == .go else { return }
        let claim = Envelope.claim(
            origin: self.context.origin,
            name: name.value,
            session: session,
            request: ClaimRequest(rooms: [.init(name: lobby)]),
            flags: .plain
        )
        switch self.context.send(claim) {
        case .sent: break
        case .unavailable: return outbox.close(.init(code: .unknown(1013), reason: SessionContext.unavailableText))
        case .busy: return outbox.close(.init(code: .unknown(1013), reason: SessionContext.busyText))
        }
        self.context.log(.info, "client joined", metadata: ["name": "\(name)", "mode": "plain"])
    }

    private func refuseName(_ problem: String, outbox: Outbox) {
        self.context.metrics.refusedUsername.increment()
        self.context.log(.debug, "username refused", metadata: ["reason": "\(problem)"])
        outbox.push(Frames.plainError(problem))
        outbox.close(.init(code: .policyViolation, reason: problem))
    }

    /// A later text frame: relayed to `lobby`, or refused with an error frame.
    private mutating func relay(_ text: ByteBuffer, from sender: UserName, outbox: Outbox) {
        let bytes = Array(text.readableBytesView)
        self.context.log(.trace, "frame received", metadata: ["bytes": "\(bytes.count)"])  // its size, never its text
        switch MessageText.verdict(on: bytes, limit: self.context.configuration.maxMessageBytes) {
        case .relay: break
        case .blank: return
        case .refused(let problem):
            self.context.metrics.count(problem)
            outbox.push(Frames.plainError("\(problem): not sent"))
            return
        }
        self.sent += 1
        let say = Envelope(
            kind: .say,
            flags: .plain,
            origin: self.context.origin,
            room: RoomName.lobby.value,
            sender: sender.value,
            clientMessageID: "plain-\(self.sent)",
            payload: bytes
        )
        switch self.context.send(say) {
        case .sent: break
        case .unavailable: outbox.push(Frames.plainError(SessionContext.unavailableText))
        case .busy: outbox.push(Frames.plainError(SessionContext.busyText))
        }
    }
}
