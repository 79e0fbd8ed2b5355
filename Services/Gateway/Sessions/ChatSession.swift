import ChatConfig
import ChatProtocol
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

    mutating func receive(_ message: InboundMessage, outbox: Outbox) {
        guard !outbox.isClosed else { return }
        guard case .text(let text) = message else {
            self.context.metrics.refusedBinary.increment()
            outbox.push(Frames.error(.badRequest, "binary frames are not supported: send JSON text", id: nil))
            return
        }
        self.context.log(.trace, "frame received", metadata: ["bytes": "\(text.readableBytes)"])  // its size, never its text
        let command: ClientMessage
        do throws(ClientMessageError) {
            command = try ClientMessage(decoding: text.readableBytesView)
        } catch {
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
            if let problem = self.hello(hello) { outbox.push(problem) }
            return
        }
        guard self.context.hub.name(of: self.context.connectionID) != nil else {
            outbox.push(Frames.error(.notReady, "say hello first", id: command.id))
            return
        }
        self.handle(command, outbox: outbox)
    }

    /// Checks a `hello` and claims its name and rooms at the relay; returns the error frame if it cannot.
    private func hello(_ hello: Hello) -> ByteBuffer? {
        let name: UserName
        do {
            name = try UserName(validating: hello.name)
        } catch {
            self.context.metrics.refusedUsername.increment()
            return (Frames.error(.invalidName, error.description, id: nil))
        }
        var rooms: [RoomName] = []
        for raw in hello.rooms ?? [RoomName.lobby.value] {
            do {
                let room = try RoomName(validating: raw)
                if !rooms.contains(room) { rooms.append(room) }
            } catch {
                return (Frames.error(.invalidRoom, "\(raw): \(error)", id: nil))
            }
        }
        guard rooms.count <= Self.maximumHelloRooms else {
            return (Frames.error(.tooManyRooms, "a hello may list at most \(Self.maximumHelloRooms) rooms", id: nil))
        }
        guard hello.session.map({ SessionToken($0) != nil }) ?? true else {
            return (Frames.error(.badRequest, "session must be the 32 hex digits a welcome gave", id: nil))
        }
        let session = hello.session ?? SessionToken.random().value
        let resumeEpoch = hello.resume.flatMap { UInt64($0.epoch, radix: 16) } ?? 0
        let resumePoints = hello.resume?.rooms ?? [:]
        switch self.context.hub.beginClaim(self.context.connectionID, name: name.value, session: session, rooms: rooms.map(\.value)) {
        case .go: break
        case .inProgress: return (Frames.error(.notReady, "a hello is already being answered", id: nil))
        case .alreadyNamed: return (Frames.error(.alreadyHello, "this connection already said hello", id: nil))
        }
        let request = ClaimRequest(
            resumeEpoch: resumeEpoch,
            rooms: rooms.map { ClaimRequest.Room(name: $0.value, resumeAfter: resumePoints[$0.value]) }
        )
        let claim = Envelope.claim(origin: self.context.origin, name: name.value, session: session, request: request)
        if let failure = self.failure(of: self.context.send(claim), id: nil) {
            _ = self.context.hub.unregisterClaim(self.context.connectionID)
            return failure
        }
        self.context.log(.info, "client hello", metadata: ["name": "\(name)", "mode": "v1", "rooms": "\(rooms.count)"])
        return nil
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
