import ChatProtocol
import Logging
import NIOCore
import RelayProtocol
import Testing

@testable import Gateway

/// What the hub makes of the relay's file answers and events (docs/PROTOCOL.md, "Files"): `upload` and
/// `stored` told apart, `file_data`, `file_expired`, and the line plain members get for a shared file.
@Suite struct RoomHubFilesTests {
    static let file = FileID(hex: "00112233445566778899aabbccddeeff")!

    let hub = RoomHub(
        gatewayID: RoomHubTests.gateway,
        limits: .init(maxMessageBytes: 100, maxRooms: 4, rate: 1, burst: 1),
        logger: Logger(label: "test")
    )

    /// Everything queued for a connection so far, decoded.
    static func frames(_ outbox: RecordedOutbox) throws -> [ServerMessage] {
        try outbox.written().map { try ServerMessage(decoding: Array($0.readableBytesView)) }
    }

    /// A hub whose public address is `publicURL` (`nil`: none configured).
    static func hubWith(publicURL: String?) -> (RoomHub, PublicAddress) {
        let address = PublicAddress(webSocket: publicURL ?? "")
        let hub = RoomHub(
            gatewayID: RoomHubTests.gateway,
            limits: .init(maxMessageBytes: 100, maxRooms: 4, rate: 1, burst: 1),
            logger: Logger(label: "test"),
            fileLinks: FileLinkBase(address: address, secure: false)
        )
        return (hub, address)
    }

    /// A member of `lobby` on `hub`, welcomed at sequence 1; a plain one connected to `host`.
    static func member(_ id: UInt64, of hub: RoomHub, mode: ClientMode = .v1, host: String = "") -> RecordedOutbox {
        let recorded = RecordedOutbox()
        _ = hub.register(id, outbox: recorded.outbox, mode: mode, linkHost: host)
        _ = hub.beginClaim(id, name: "user\(id)", session: "s\(id)", rooms: ["lobby"])
        var writer = JSONWriter()
        RoomSnapshot(room: "lobby", seq: 1, members: ["user\(id)"], history: [], truncated: false).write(into: &writer)
        hub.reply(Envelope(kind: .joined, epoch: 0xE, roomSequence: 1, origin: RoomHubTests.origin(id), room: "lobby", payload: writer.bytes))
        let limits = WelcomeLimits(maxRooms: 4, maxFileBytes: 5000).bytes
        hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: RoomHubTests.origin(id), sender: "user\(id)", target: "s\(id)", payload: limits))
        _ = try? recorded.written()
        return recorded
    }

    /// `amy`'s file of `size` bytes shared in the lobby as room event 2, with `text` as its metadata.
    static func shared(text: String, size: UInt64) -> Envelope {
        Envelope(
            kind: .message,
            flags: .file,
            epoch: 0xE,
            roomSequence: 2,
            origin: RoomHubTests.origin(99, gateway: 3),
            room: "lobby",
            sender: "amy",
            clientMessageID: "f1",
            payload: EnvelopeFileReference(file: Self.file, size: size).bytes + Array(text.utf8)
        )
    }

    static let metadata = FileMetadata(name: "holiday photo.jpg", type: "image/jpeg").text

    static func status(_ id: UInt64, received: UInt64, clientMessageID: String) -> Envelope {
        .fileStatus(
            origin: RoomHubTests.origin(id),
            file: Self.file,
            room: "lobby",
            progress: FileProgress(size: 70000, received: received),
            clientMessageID: clientMessageID
        )
    }

    @Test func theFirstStatusOfABodyIsItsUploadFrameAndTheNextOnesAreStored() throws {
        let amy = Self.member(1, of: self.hub)
        self.hub.reply(Self.status(1, received: 0, clientMessageID: "u1"))
        self.hub.reply(Self.status(1, received: 32768, clientMessageID: "c1"))
        self.hub.reply(Self.status(1, received: 65536, clientMessageID: ""))
        let frames = try Self.frames(amy)
        #expect(
            frames == [
                .uploadReady(UploadReady(id: "u1", file: Self.file.hex, offset: 0, chunk: 32768)),
                .stored(FileStored(id: "c1", file: Self.file.hex, size: 70000, received: 32768)),
                .stored(FileStored(id: nil, file: Self.file.hex, size: 70000, received: 65536)),
            ]
        )
        #expect(self.hub.uploadedSize(of: Self.file, by: 1) == 70000)
        #expect(self.hub.uploadedSize(of: Self.file, by: 2) == nil)
    }

    @Test func aResumedUploadIsAnsweredWithItsOffset() throws {
        let amy = Self.member(1, of: self.hub)
        self.hub.reply(Self.status(1, received: 0, clientMessageID: "u1"))
        self.hub.beginUpload(1, resuming: Self.file)
        self.hub.reply(Self.status(1, received: 32768, clientMessageID: "u2"))
        #expect(try Self.frames(amy).last == .uploadReady(UploadReady(id: "u2", file: Self.file.hex, offset: 32768, chunk: 32768)))
    }

    @Test func theWelcomeTellsTheRelaysLargestBodyAndTheGatewaysChunkAndRate() throws {
        let recorded = RecordedOutbox()
        let limits = Welcome.Limits(maxMessageBytes: 100, maxRooms: 4, rate: 1, burst: 1, maxFileBytes: 10, fileChunkBytes: 32768, fileRate: 8)
        let hub = RoomHub(gatewayID: RoomHubTests.gateway, limits: limits, logger: Logger(label: "test"))
        _ = hub.register(1, outbox: recorded.outbox, mode: .v1)
        _ = hub.beginClaim(1, name: "amy", session: "s1", rooms: [])
        let relayLimits = WelcomeLimits(maxRooms: 3, maxFileBytes: 5000).bytes
        hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: RoomHubTests.origin(1), sender: "amy", target: "s1", payload: relayLimits))
        guard case .welcome(let welcome) = try Self.frames(recorded).first else { return #expect(Bool(false)) }
        #expect(
            welcome.limits
                == Welcome.Limits(maxMessageBytes: 100, maxRooms: 3, rate: 1, burst: 1, maxFileBytes: 5000, fileChunkBytes: 32768, fileRate: 8)
        )
        #expect(hub.maxFileBytes(of: 1) == 5000)
    }

    @Test func fileDataCarriesTheBytesInBase64() throws {
        let amy = Self.member(1, of: self.hub)
        self.hub.reply(
            .fileData(origin: RoomHubTests.origin(1), file: Self.file, size: 4, offset: 1, bytes: [0xFB, 0xFF, 0x00], clientMessageID: "d1")
        )
        #expect(try Self.frames(amy) == [.fileData(FileData(id: "d1", file: Self.file.hex, size: 4, offset: 1, data: "+/8A"))])
    }

    @Test func aForgottenBodyIsFileExpiredForTheRoomsV1MembersOnly() throws {
        let amy = Self.member(1, of: self.hub)
        let bob = Self.member(2, of: self.hub)
        let plain = Self.member(3, of: self.hub, mode: .plain)
        let elsewhere = Self.member(4, of: self.hub)
        _ = self.hub.leave(4, room: "lobby")
        var forget = Envelope.fileForget(file: Self.file, room: "lobby")
        forget.epoch = 0xE
        self.hub.deliver([forget])
        let expired = ServerMessage.fileExpired(FileExpired(room: "lobby", file: Self.file.hex))
        #expect(try Self.frames(amy) == [expired])
        #expect(try Self.frames(bob) == [expired])
        #expect(try plain.written().isEmpty && elsewhere.written().isEmpty)
    }

    @Test func aBodyNeverSharedIsFileExpiredForItsUploaderAlone() throws {
        let amy = Self.member(1, of: self.hub)
        let bob = Self.member(2, of: self.hub)
        self.hub.reply(Self.status(1, received: 0, clientMessageID: "u1"))
        _ = try amy.written()
        var forget = Envelope.fileForget(file: Self.file, room: "")
        forget.epoch = 0xE
        self.hub.deliver([forget])
        #expect(try Self.frames(amy) == [.fileExpired(FileExpired(room: "", file: Self.file.hex))])
        #expect(try bob.written().isEmpty)
    }

    @Test func aPlainMemberGetsALineWithALinkToTheHostItConnectedTo() throws {
        let (hub, _) = Self.hubWith(publicURL: nil)
        let plain = Self.member(1, of: hub, mode: .plain, host: "chat.lan:8000")
        hub.deliver([Self.shared(text: Self.metadata, size: 1_258_291)])
        let line = "amy shared holiday photo.jpg (1.2 MiB): http://chat.lan:8000/files/\(Self.file.hex)/holiday%20photo.jpg"
        #expect(try plain.written().map { String(buffer: $0) } == [line])
    }

    @Test func withAPublicURLEveryPlainMembersLinkPointsThere() throws {
        let (hub, address) = Self.hubWith(publicURL: "wss://chat.example.org/ws")
        let plain = Self.member(1, of: hub, mode: .plain, host: "10.0.0.5:8000")
        hub.deliver([Self.shared(text: Self.metadata, size: 300)])
        #expect(
            try plain.written().map { String(buffer: $0) } == [
                "amy shared holiday photo.jpg (300 B): https://chat.example.org/files/\(Self.file.hex)/holiday%20photo.jpg"
            ]
        )
        _ = address.tunnel("https://abc.ngrok.app", source: "ngrok")
        var later = Self.shared(text: Self.metadata, size: 300)
        later.roomSequence = 3
        hub.deliver([later])
        #expect(
            try plain.written().map { String(buffer: $0) }.first?.contains(": https://abc.ngrok.app/files/") == true,
            "a tunnel's, once it has one"
        )
    }

    @Test func withoutPublicURLOrHostTheLinkNamesTheGatewaysOwnAddress() throws {
        let (hub, address) = Self.hubWith(publicURL: nil)
        address.fallBack(toWebSocket: "ws://127.0.0.1:8000/ws")
        let plain = Self.member(1, of: hub, mode: .plain, host: FileLinkBase.requestedHost("evil\r\nheader"))
        hub.deliver([Self.shared(text: #"{"name":"a/b.txt","type":"text/plain"}"#, size: 12)])
        #expect(try plain.written().map { String(buffer: $0) } == ["amy shared ab.txt (12 B): http://127.0.0.1:8000/files/\(Self.file.hex)/ab.txt"])
    }

    @Test func aClientWithoutHostIsLinkedToTheAddressItConnectedToAtTheHTTPPort() throws {
        let (hub, address) = Self.hubWith(publicURL: nil)
        address.fallBack(toWebSocket: "ws://localhost:8000/ws")
        let links = hub.fileLinks
        #expect(links.authority(connectedTo: try SocketAddress(ipAddress: "192.168.1.20", port: 6667)) == "192.168.1.20:8000")
        #expect(links.authority(connectedTo: try SocketAddress(ipAddress: "fd00::7", port: 6667)) == "[fd00::7]:8000")
        #expect(links.authority(connectedTo: nil) == "", "unknown: the listening address is used")
    }

    @Test func inAnEncryptedRoomAPlainMemberLearnsOnlyTheSize() throws {
        let (hub, _) = Self.hubWith(publicURL: nil)
        let plain = Self.member(1, of: hub, mode: .plain, host: "chat.lan")
        let v1 = Self.member(2, of: hub)
        hub.deliver([Self.shared(text: "e2e2:AAAAsealed", size: 2048)])
        #expect(try plain.written().map { String(buffer: $0) } == ["amy shared an encrypted file (2 KiB)"])
        guard case .message(let file) = try Self.frames(v1).first else { return #expect(Bool(false)) }
        #expect((file.kind, file.file, file.text) == (.file, FileFacts(id: Self.file.hex, size: 2048), "e2e2:AAAAsealed"))
    }
}
