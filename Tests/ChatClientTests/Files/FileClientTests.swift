import ChatProtocol
import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// ``ChatClient`` sending and fetching files, driven with the server's frames as its connection would
/// be (docs/PROTOCOL.md, "Files"): what it writes, and what it makes of the answers.
@Suite struct FileClientTests {
    static func client(_ name: String, identity: Identity? = Identity(), keyring: RoomKeyring = RoomKeyring(), room: String = "lobby") -> ChatClient {
        ChatClient(configuration: .init(url: try! ServerURL("ws://127.0.0.1:1/ws"), name: name, rooms: [room], keyring: keyring, identity: identity))
    }

    /// A client welcomed to `room`, as its connection leaves it.
    static func welcomed(
        _ name: String,
        identity: Identity? = Identity(),
        keyring: RoomKeyring = RoomKeyring(),
        room: String = "lobby"
    ) async -> ChatClient {
        let client = Self.client(name, identity: identity, keyring: keyring, room: room)
        _ = await client.take(FileFrames.welcome(name: name, room: room))
        return client
    }

    /// Sends `body` up through `client`, each chunk answered, until its `file` event goes; returns the
    /// body as stored (sealed, in an encrypted room), its `upload` and the `file` event.
    static func upload(_ body: [UInt8], name: String, by client: ChatClient, in room: String) async throws -> ([UInt8], UploadRequest, SharedFile) {
        _ = try await client.sendFile(OutgoingFile(name: name, bytes: body), in: room)
        let request = try #require(await client.outgoing().first?.upload)
        _ = await client.take(FileFrames.ready(request))
        var stored: [UInt8] = []
        for _ in 0..<100 where stored.count < request.size {
            for chunk in await client.outgoing().compactMap(\.chunk) {
                stored += FileFrames.bytes(of: chunk)
                _ = await client.take(FileFrames.stored(stored.count, size: request.size))
            }
        }
        return (stored, request, try #require(await client.outgoing().first?.shared))
    }

    /// Fetches the file of message `seq` through `client`, each request answered from `stored`; returns
    /// how the download ended.
    static func download(_ seq: UInt64, by client: ChatClient, in room: String, serving stored: [UInt8]) async throws -> TransferEvent? {
        let message = try #require(await client.conversation(of: room)?.message(at: seq))
        _ = try await client.download(message)
        for _ in 0..<100 {
            let requests = await client.outgoing().compactMap(\.download)
            guard !requests.isEmpty else { return nil }
            for request in requests {
                for case .transfer(let event) in await client.take(FileFrames.data(request, of: stored)) where event.isFinal { return event }
            }
        }
        return nil
    }

    @Test func aFileOverTheServersLimitIsRefusedBeforeAnyFrameIsSent() async throws {
        let amy = Self.client("amy")
        let early = await #expect(throws: FileProblem.self) { try await amy.sendFile(OutgoingFile(name: "a.txt", bytes: [1]), in: "lobby") }
        #expect(early?.description == "not connected yet: send it once connected", "the welcome says how large a file may be")
        _ = await amy.take(FileFrames.welcome())
        let problem = await #expect(throws: FileProblem.self) {
            try await amy.sendFile(OutgoingFile(name: "big.bin", bytes: FileFrames.body(1001)), in: "lobby")
        }
        #expect(problem?.description == "big.bin is too large to send (1001 B): this server takes files of at most 1000 B")
        #expect(await amy.outgoing().isEmpty)
        #expect(await amy.isIdle)
    }

    @Test func aServerWithoutFilesIsToldApart() async throws {
        let amy = Self.client("amy")
        _ = await amy.take(FileFrames.welcome(limits: Welcome.Limits(maxMessageBytes: 65_536, maxRooms: 8, rate: 10, burst: 10)))
        let problem = await #expect(throws: FileProblem.self) { try await amy.sendFile(OutgoingFile(name: "a.txt", bytes: [1]), in: "lobby") }
        #expect(problem?.description == "this server does not take files")
    }

    @Test func aWholeUploadGoesUpInChunksAndItsSignedFileEventSharesIt() async throws {
        let identity = Identity()
        let amy = await Self.welcomed("amy", identity: identity)
        let body = FileFrames.body(250)
        let (stored, request, shared) = try await Self.upload(body, name: "notes.txt", by: amy, in: "lobby")
        #expect(stored == body && request.size == 250 && request.room == "lobby")
        #expect(shared.file == FileFrames.file.hex && shared.text == FileMetadata(name: "notes.txt", type: "text/plain").text)
        let input = SigningInput.message(kind: .file, scope: "lobby", id: shared.id ?? "", text: Array(shared.text.utf8), refs: [FileFrames.file.hex])
        #expect(identity.publicKey.isValidSignature(text: shared.sig ?? "", for: input), "signed with the file id as its reference")
        #expect(await !amy.isIdle, "the file event waits for its ack")
        let ack = Ack(id: shared.id!, room: "lobby", seq: 4, time: 5)
        let events = await amy.take(.ack(ack))
        #expect(events.contains { if case .transfer(.sent(let sent, ack)) = $0 { sent.name == "notes.txt" } else { false } })
        #expect(await amy.conversation(of: "lobby")?.message(at: 4)?.file == FileFacts(id: FileFrames.file.hex, size: 250))
        #expect(await amy.isIdle)
    }

    @Test func afterAReconnectTheUploadResumesFromTheRelaysOffset() async throws {
        let amy = await Self.welcomed("amy")
        _ = try await amy.sendFile(OutgoingFile(name: "notes.txt", bytes: FileFrames.body(1000)), in: "lobby")
        let request = try #require(await amy.outgoing().first?.upload)
        _ = await amy.take(FileFrames.ready(request))
        #expect(await amy.outgoing().compactMap(\.chunk).count == 4)
        _ = await amy.take(FileFrames.stored(100))
        await amy.connectionEnded()
        _ = await amy.take(FileFrames.welcome())
        let resume = try #require(await amy.outgoing().first?.upload)
        #expect(resume.file == FileFrames.file.hex && resume.id != request.id)
        _ = await amy.take(FileFrames.ready(resume, offset: 200))
        #expect(await amy.outgoing().compactMap(\.chunk).map(\.offset) == [200, 300, 400, 500])
    }

    @Test func anUnaskedWelcomeAfterARelayRestartHasTheUploadAskWhereItStands() async throws {
        let amy = await Self.welcomed("amy")
        _ = try await amy.sendFile(OutgoingFile(name: "notes.txt", bytes: FileFrames.body(1000)), in: "lobby")
        let request = try #require(await amy.outgoing().first?.upload)
        _ = await amy.take(FileFrames.ready(request))
        #expect(await amy.outgoing().compactMap(\.chunk).count == 4, "the window is full, and the relay went away")
        let restarted = Welcome(
            name: "amy",
            session: "0123456789abcdef0123456789abcdef",
            epoch: "e2",
            rooms: [RoomSnapshot(room: "lobby", seq: 0, members: ["amy"], history: [], truncated: true)],
            limits: FileFrames.limits
        )
        _ = await amy.take(.welcome(restarted))
        let resume = try #require(await amy.outgoing().first?.upload)
        #expect(resume.file == FileFrames.file.hex, "not stuck waiting for answers that will never come")
        let events = await amy.take(.error(ErrorMessage(code: .fileExpired, message: "gone", id: resume.id)))
        #expect(events.contains { if case .transfer(.failed(_, Upload.expiredReason)) = $0 { true } else { false } })
    }

    @Test func afterAReconnectTheFileEventWaitsForTheResumedUploadThenGoesWithItsOwnId() async throws {
        let amy = await Self.welcomed("amy")
        let (_, _, shared) = try await Self.upload(FileFrames.body(10), name: "a.txt", by: amy, in: "lobby")
        await amy.connectionEnded()
        _ = await amy.take(FileFrames.welcome())
        let frames = await amy.outgoing()
        let resume = try #require(frames.first?.upload)
        #expect(frames.count == 1 && resume.file == FileFrames.file.hex, "the gateway takes the file event only for an upload it saw")
        _ = await amy.take(FileFrames.ready(resume, offset: 10))
        #expect(await amy.outgoing().compactMap(\.shared).map(\.id) == [shared.id], "once more, with the same id, so the relay shares it once")
    }

    @Test func aFileEventTheResumedHistoryHoldsIsAcknowledgedBeforeAnythingIsResent() async throws {
        let amy = await Self.welcomed("amy")
        let (_, _, shared) = try await Self.upload(FileFrames.body(10), name: "a.txt", by: amy, in: "lobby")
        await amy.connectionEnded()
        let posted = ChatMessage(
            kind: .file,
            room: "lobby",
            seq: 4,
            from: "amy",
            text: shared.text,
            time: 9,
            id: shared.id,
            file: FileFacts(id: shared.file, size: 10)
        )
        let welcome = Welcome(
            name: "amy",
            session: "0123456789abcdef0123456789abcdef",
            epoch: "e1",
            rooms: [RoomSnapshot(room: "lobby", seq: 4, members: ["amy"], history: [posted], truncated: false)],
            limits: FileFrames.limits
        )
        let events = await amy.take(.welcome(welcome))
        #expect(events.contains { if case .transfer(.sent) = $0 { true } else { false } })
        #expect(await amy.outgoing().isEmpty)
        #expect(await amy.isIdle)
    }

    @Test func aResumeRefusedAsExpiredWithdrawsTheWaitingFileEvent() async throws {
        let amy = await Self.welcomed("amy")
        let (_, _, shared) = try await Self.upload(FileFrames.body(10), name: "a.txt", by: amy, in: "lobby")
        await amy.connectionEnded()
        _ = await amy.take(FileFrames.welcome())
        let resume = try #require(await amy.outgoing().first?.upload)
        let events = await amy.take(.error(ErrorMessage(code: .fileExpired, message: "gone", id: resume.id)))
        #expect(events.contains { if case .transfer(.failed(let failed, _)) = $0 { failed.id == shared.id } else { false } })
        #expect(await amy.outgoing().isEmpty, "the file event does not go")
        #expect(await amy.isIdle)
    }

    @Test func aFileEventRefusedAsExpiredFailsTheUploadSayingWhy() async throws {
        let amy = await Self.welcomed("amy")
        let (_, _, shared) = try await Self.upload(FileFrames.body(10), name: "a.txt", by: amy, in: "lobby")
        let events = await amy.take(.error(ErrorMessage(code: .fileExpired, message: "the relay no longer holds this file", id: shared.id)))
        guard case .transfer(.failed(_, let reason)) = events.first, events.count == 1 else { return #expect(Bool(false), "\(events)") }
        #expect(reason == "the server no longer holds the upload (it restarted): send it again")
        #expect(await amy.isIdle)
    }

    @Test func aCancelledUploadEndsAndSendsNothingMore() async throws {
        let amy = await Self.welcomed("amy")
        let id = try await amy.sendFile(OutgoingFile(name: "a.txt", bytes: FileFrames.body(1000)), in: "lobby")
        let request = try #require(await amy.outgoing().first?.upload)
        _ = await amy.take(FileFrames.ready(request))
        _ = await amy.outgoing()
        #expect(await amy.cancelTransfer(id))
        #expect(await amy.transfersInProgress.isEmpty)
        #expect(await amy.isIdle)
        _ = await amy.take(FileFrames.stored(100))
        #expect(await amy.outgoing().isEmpty)
    }

    @Test func aSealedFileGoesUpAsCiphertextAndOpensAtTheOtherEndToTheOriginal() async throws {
        let key = RoomKey.random()
        var keyring = RoomKeyring()
        keyring.add(key, to: "secret", current: true)
        let amyIdentity = Identity()
        let amy = await Self.welcomed("amy", identity: amyIdentity, keyring: keyring, room: "secret")
        let bob = await Self.welcomed("bob", keyring: keyring, room: "secret")
        let body = FileFrames.body(300)
        let (stored, request, shared) = try await Self.upload(body, name: "cat.png", by: amy, in: "secret")
        #expect(request.size == 300 + key.sealedFileOverhead && stored.count == request.size)
        #expect(!stored.starts(with: body) && Array(stored.dropFirst(key.sealedFileOverhead - 16).prefix(300)) != body, "the relay holds ciphertext")
        #expect(shared.text.hasPrefix(SealedPrefix.room), "the metadata is sealed too")

        let event = Self.sharedEvent(shared, by: amyIdentity, facts: FileFacts(id: FileFrames.file.hex, size: request.size))
        let events = await bob.take(.message(event))
        guard case .message(let opened, false, .decrypted, let signature) = events.first(where: { if case .message = $0 { true } else { false } })
        else { return #expect(Bool(false), "\(events)") }
        #expect(FileMetadata(reading: opened.text) == FileMetadata(name: "cat.png", type: "image/png") && signature.isValid)
        guard case .received(_, let bytes) = try await Self.download(5, by: bob, in: "secret", serving: stored) else { return #expect(Bool(false)) }
        #expect(bytes == body)
    }

    @Test func aSealedBodyChangedOnTheWayIsRefusedNotSaved() async throws {
        let key = RoomKey.random()
        var keyring = RoomKeyring()
        keyring.add(key, to: "secret", current: true)
        let amyIdentity = Identity()
        let amy = await Self.welcomed("amy", identity: amyIdentity, keyring: keyring, room: "secret")
        let bob = await Self.welcomed("bob", keyring: keyring, room: "secret")
        var (stored, request, shared) = try await Self.upload(FileFrames.body(50), name: "a.txt", by: amy, in: "secret")
        stored[stored.count - 20] ^= 1
        let event = Self.sharedEvent(shared, by: amyIdentity, facts: FileFacts(id: FileFrames.file.hex, size: request.size))
        _ = await bob.take(.message(event))
        guard case .failed(_, let reason) = try await Self.download(5, by: bob, in: "secret", serving: stored) else { return #expect(Bool(false)) }
        #expect(reason.hasPrefix("a.txt cannot be decrypted"))
    }

    @Test func anExpiredFileIsMarkedInTheConversationAndCannotBeFetched() async throws {
        let bob = await Self.welcomed("bob")
        let event = ChatMessage(
            kind: .file,
            room: "lobby",
            seq: 5,
            from: "amy",
            text: FileMetadata(name: "a.txt", type: "text/plain").text,
            time: 1,
            id: "f1",
            file: FileFacts(id: FileFrames.file.hex, size: 12)
        )
        _ = await bob.take(.message(event))
        let events = await bob.take(.fileExpired(FileExpired(room: "lobby", file: FileFrames.file.hex)))
        guard case .fileExpired("lobby", FileFrames.file.hex, let message?) = events.first else { return #expect(Bool(false), "\(events)") }
        #expect(message.seq == 5 && message.file?.expired == true)
        let held = try #require(await bob.conversation(of: "lobby")?.message(at: 5))
        let problem = await #expect(throws: FileProblem.self) { try await bob.download(held) }
        #expect(problem?.description == "the server no longer holds a.txt (#5)")
    }

    @Test func aDeletedFilesExpiryHasNothingMoreToShow() async throws {
        let bob = await Self.welcomed("bob")
        let text = FileMetadata(name: "a.txt", type: "text/plain").text
        _ = await bob.take(
            .message(
                ChatMessage(
                    kind: .file,
                    room: "lobby",
                    seq: 5,
                    from: "amy",
                    text: text,
                    time: 1,
                    id: "f1",
                    file: FileFacts(id: FileFrames.file.hex, size: 12)
                )
            )
        )
        let target = MessageReference(seq: 5, id: "f1")
        _ = await bob.take(.message(ChatMessage(kind: .delete, room: "lobby", seq: 6, from: "amy", text: "", time: 2, id: "d1", target: target)))
        let events = await bob.take(.fileExpired(FileExpired(room: "lobby", file: FileFrames.file.hex)))
        #expect(events == [.fileExpired(room: "lobby", file: FileFrames.file.hex, message: nil)])
    }
    /// The `file` event amy's share becomes for the others of "secret", at seq 5.
    static func sharedEvent(_ shared: SharedFile, by sender: Identity, facts: FileFacts) -> ChatMessage {
        ChatMessage(
            kind: .file, room: "secret", seq: 5, from: "amy", text: shared.text, time: 1, id: shared.id,
            key: sender.publicKey.text, sig: shared.sig, file: facts
        )
    }
}

extension ChatClient {
    /// A server frame applied as the connection applies it: what it means.
    func take(_ message: ServerMessage) -> [ChatEvent] {
        var openings = FrameOpenings()
        let events = self.apply(message, openings: &openings)
        if self.isIdle { self.idle.fire() }
        return events
    }

    /// The frames the writer would write now, in order, paying no heed to the pace of messages.
    func outgoing() -> [ClientMessage] {
        var frames: [ClientMessage] = []
        while true {
            switch self.nextOutgoing(now: .now) {
            case .message(let frame), .transfer(let frame): frames.append(frame)
            case .wait, .nothing: return frames
            }
        }
    }
}
