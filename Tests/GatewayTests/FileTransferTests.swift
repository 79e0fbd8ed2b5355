import ChatProtocol
import Foundation
import Gateway
import GatewayTestSupport
import Identity
import RelayProtocol
import Testing

@testable import Gateway

/// A file from one client to others, end to end through a gateway and its embedded relay's store
/// (docs/PROTOCOL.md, "Files"): uploaded in chunks, shared, downloaded over the socket and over HTTP.
@Suite(.timeLimit(.minutes(1))) struct FileTransferTests {
    /// Three chunks: two whole and a part.
    static let body = (0..<(2 * 32768 + 4464)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    static let metadata = FileMetadata(name: "cat picture.png", type: "image/png").text

    /// Uploads `body` as `client` (in the lobby) and returns its file id, once the relay stored all of it.
    static func upload(_ body: [UInt8], as client: V1Client) async throws -> String {
        try await client.send(.upload(UploadRequest(id: "u1", room: "lobby", size: body.count)))
        guard case .uploadReady(let ready) = try await client.next("upload") else { throw V1Client.Unexpected(frame: "no upload") }
        #expect((ready.id, ready.offset, ready.chunk) == ("u1", 0, 32768))
        var offset = 0
        while offset < body.count {
            let end = min(offset + ready.chunk, body.count)
            try await client.send(
                .chunk(FileChunk(id: "c\(offset)", file: ready.file, offset: offset, data: Data(body[offset..<end]).base64EncodedString()))
            )
            guard case .stored(let stored) = try await client.next("stored") else { throw V1Client.Unexpected(frame: "no stored") }
            #expect((stored.id, stored.file, stored.size, stored.received) == ("c\(offset)", ready.file, body.count, end))
            offset = end
        }
        return ready.file
    }

    /// The whole body of `file` over `client`'s socket, a `download` at a time.
    static func download(_ file: String, over client: V1Client) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            try await client.send(.download(DownloadRequest(id: "d\(bytes.count)", file: file, offset: bytes.count)))
            guard case .fileData(let data) = try await client.next("file_data") else { throw V1Client.Unexpected(frame: "no file_data") }
            #expect((data.id, data.file, data.offset) == ("d\(bytes.count)", file, bytes.count))
            let piece = try #require(Data(base64Encoded: data.data))
            if piece.isEmpty || bytes.count + piece.count == data.size {
                bytes += piece
                return bytes
            }
            bytes += piece
        }
    }

    @Test func anUploadedFileIsSharedAndDownloadedByteForByteOverTheSocketAndHTTP() async throws {
        try await withRunningGateway { port, _, _ in
            let carol = try await GatewayTests.Client.connect(port: port, name: "carol")
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let file = try await Self.upload(Self.body, as: amy)
            try await amy.send(.file(SharedFile(id: "f1", room: "lobby", file: file, text: Self.metadata)))
            guard case .ack(let ack) = try await amy.next("ack") else { return #expect(Bool(false)) }
            #expect(ack.id == "f1")
            guard case .message(let shared) = try await bob.next("file") else { return #expect(Bool(false)) }
            #expect((shared.kind, shared.from, shared.text, shared.id) == (.file, "amy", Self.metadata, "f1"))
            #expect(shared.file == FileFacts(id: file, size: Self.body.count), "the relay's facts")

            #expect(try await Self.download(file, over: bob) == Self.body)
            let http = try await HTTPFetcher.get("http://127.0.0.1:\(port)/files/\(file)/cat%20picture.png", limit: 1 << 20)
            #expect(http.status == 200 && http.body == Self.body)
            #expect(http.headers["Content-Disposition"].first?.contains(#"filename="cat picture.png""#) == true)

            var line: String?
            while let next = await carol.next() {
                if next.hasPrefix("amy shared") {
                    line = next
                    break
                }
            }
            #expect(line == "amy shared cat picture.png (68 KiB): http://127.0.0.1:\(port)/files/\(file)/cat%20picture.png")
            try await amy.close()
            try await bob.close()
        }
    }

    @Test func aBodyTheRelayDoesNotHoldIsFileExpiredOverTheSocketAnd404OverHTTP() async throws {
        try await withRunningGateway { port, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let file = FileID.random().hex
            try await amy.send(.download(DownloadRequest(id: "d1", file: file)))
            guard case .error(let error) = try await amy.next("error") else { return #expect(Bool(false)) }
            #expect((error.code, error.id) == (.fileExpired, "d1"))
            let http = try await HTTPFetcher.get("http://127.0.0.1:\(port)/files/\(file)")
            #expect(http.status == 404 && http.body == Array("file_expired".utf8))
            try await amy.close()
        }
    }

    @Test func anUploadResumedOnANewConnectionGoesOnFromTheStoredOffset() async throws {
        try await withRunningGateway { port, _, _ in
            let (first, welcome) = try await V1Client.welcomed(port: port, name: "amy")
            try await first.send(.upload(UploadRequest(id: "u1", room: "lobby", size: Self.body.count)))
            guard case .uploadReady(let ready) = try await first.next("upload") else { return #expect(Bool(false)) }
            try await first.send(.chunk(FileChunk(file: ready.file, offset: 0, data: Data(Self.body[0..<32768]).base64EncodedString())))
            guard case .stored = try await first.next("stored") else { return #expect(Bool(false)) }
            // The same person on a new connection (its gateway died, say): the session goes on there.
            let again = try await V1Client.connect(port: port)
            try await again.send(.hello(Hello(name: "amy", session: welcome.session)))
            guard case .welcome = try await again.next("welcome") else { return #expect(Bool(false)) }
            try await again.send(.upload(UploadRequest(id: "u2", room: "lobby", size: Self.body.count, file: ready.file)))
            guard case .uploadReady(let resumed) = try await again.next("upload") else { return #expect(Bool(false)) }
            #expect((resumed.id, resumed.file, resumed.offset) == ("u2", ready.file, 32768))
            try await again.send(.file(SharedFile(id: "f1", room: "lobby", file: ready.file, text: Self.metadata)))
            guard case .error(let incomplete) = try await again.next("error") else { return #expect(Bool(false)) }
            #expect((incomplete.code, incomplete.id) == (.badRequest, "f1"), "the relay holds only part of it")
            try await again.close()
        }
    }

    @Test func aProvenClientSignsItsFileWithTheFileIDAndReceiversCanVerifyIt() async throws {
        try await withRunningGateway { port, _, _ in
            let identity = Identity()
            let amy = try await SealingSessionTests.proven(port: port, name: "amy", identity: identity)
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let file = try await Self.upload(Array(Self.body.prefix(100)), as: amy)
            try await amy.send(.file(SharedFile(id: "f0", room: "lobby", file: file, text: Self.metadata)))
            guard case .error(let unsigned) = try await amy.next("error") else { return #expect(Bool(false)) }
            #expect((unsigned.code, unsigned.id) == (.badSignature, "f0"))
            let input = SigningInput.message(kind: .file, scope: "lobby", id: "f1", text: Array(Self.metadata.utf8), refs: [file])
            try await amy.send(.file(SharedFile(id: "f1", room: "lobby", file: file, text: Self.metadata, sig: identity.signText(input))))
            guard case .message(let shared) = try await bob.next("file") else { return #expect(Bool(false)) }
            #expect(shared.key == identity.publicKey.text && shared.file == FileFacts(id: file, size: 100))
            let sig = try #require(shared.sig)
            #expect(identity.publicKey.isValidSignature(text: sig, for: input))
            try await amy.close()
            try await bob.close()
        }
    }

    @Test func aBodyOfSeveralRelayReadsComesWholeOverHTTP() async throws {
        try await withRunningGateway { port, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let body = (0..<(2 * FileReadRange.maximumLength + 999)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
            let file = try await Self.upload(body, as: amy)
            let http = try await HTTPFetcher.get("http://127.0.0.1:\(port)/files/\(file)", limit: 1 << 21)
            #expect(http.status == 200 && http.headers["Content-Length"] == ["\(body.count)"])
            #expect(http.body == body, "three reads of the relay's store, in order")
            try await amy.close()
        }
    }

    @Test func deletingASharedFileExpiresItsBodyForTheRoom() async throws {
        try await withRunningGateway { port, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let file = try await Self.upload(Array(Self.body.prefix(10)), as: amy)
            try await amy.send(.file(SharedFile(id: "f1", room: "lobby", file: file, text: Self.metadata)))
            guard case .ack(let ack) = try await amy.next("ack"), let seq = ack.seq else { return #expect(Bool(false)) }
            try await amy.send(.delete(TargetedMessage(id: "x1", room: "lobby", target: MessageReference(seq: seq, id: "f1"))))
            guard case .fileExpired(let expired) = try await bob.next("file_expired") else { return #expect(Bool(false)) }
            #expect(expired == FileExpired(room: "lobby", file: file))
            let http = try await HTTPFetcher.get("http://127.0.0.1:\(port)/files/\(file)")
            #expect(http.status == 404)
            try await amy.close()
            try await bob.close()
        }
    }
}
