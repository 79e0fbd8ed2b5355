import ChatProtocol
import Logging
import NIOCore
import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

@testable import Gateway

/// A v1 session, welcomed into `lobby`, on a gateway whose relay link is real but never came up: a frame
/// that passes the gateway's own checks reaches the send and is answered `unavailable`, one that fails them
/// gets its own error. So a test sees which frames would have gone to the relay, with no relay at all.
struct UnlinkedSession {
    static let connection: UInt64 = 1
    let hub: RoomHub
    let recorded = RecordedOutbox()
    private var session: ChatSession

    /// `maxFileBytes`: the relay's limit, as its welcome tells it.
    init(maxFileBytes: Int = 1000, configuration: GatewayConfiguration = GatewayConfiguration(port: 0)) throws {
        let logger = Logger(label: "test")
        self.hub = RoomHub(
            gatewayID: 7,
            limits: .init(maxMessageBytes: configuration.maxMessageBytes, maxRooms: 4, rate: 1, burst: 1),
            logger: logger
        )
        let link = try RelayLink(
            identity: GatewayIdentity(),
            configuration: RelayLinkConfiguration(endpoints: .inproc(name: "unlinked-\(UInt64.random(in: 1 ... .max))")),
            context: try ZMQContext(),
            sink: self.hub,
            logger: logger
        )
        let services = SessionServices(configuration: configuration, link: link, hub: self.hub, logger: logger)
        self.session = ChatSession(context: SessionContext(connectionID: Self.connection, services: services))
        self.session.start(outbox: self.recorded.outbox)
        _ = self.hub.beginClaim(Self.connection, name: "amy", session: "s1", rooms: ["lobby"])
        var snapshot = JSONWriter()
        RoomSnapshot(room: "lobby", seq: 1, members: ["amy"], history: [], truncated: false).write(into: &snapshot)
        let origin = Origin(gateway: 7, connection: Self.connection)
        self.hub.reply(Envelope(kind: .joined, epoch: 0xE, roomSequence: 1, origin: origin, room: "lobby", payload: snapshot.bytes))
        let limits = WelcomeLimits(maxRooms: 4, maxFileBytes: maxFileBytes)
        self.hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: origin, sender: "amy", target: "s1", payload: limits.bytes))
        _ = try self.recorded.written()  // the welcome
    }

    /// Reads `message` as the connection would, then acts on it; returns the frames it answered with.
    mutating func send(_ message: ClientMessage) throws -> [ServerMessage] {
        try self.send(raw: message.encoded())
    }

    mutating func send(raw bytes: [UInt8]) throws -> [ServerMessage] {
        let (frame, _) = self.session.read(.text(ByteBuffer(bytes: bytes)))
        self.session.receive(frame, outbox: self.recorded.outbox)
        return try self.answers()
    }

    /// The frames written since the last call, decoded.
    func answers() throws -> [ServerMessage] {
        try self.recorded.written().map { try ServerMessage(decoding: Array($0.readableBytesView)) }
    }

    /// The relay's `fileStatus` for this connection, as the link hands it to the hub.
    func relayStatus(_ file: FileID, size: UInt64, received: UInt64, clientMessageID: String = "") {
        let origin = Origin(gateway: 7, connection: Self.connection)
        self.hub.reply(
            .fileStatus(
                origin: origin,
                file: file,
                room: "lobby",
                progress: FileProgress(size: size, received: received),
                clientMessageID: clientMessageID
            )
        )
    }
}

extension ServerMessage {
    /// The code of an `error`; `nil` for any other frame.
    var errorCode: ErrorCode? {
        if case .error(let error) = self { error.code } else { nil }
    }
}
