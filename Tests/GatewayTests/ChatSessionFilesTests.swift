import ChatProtocol
import Foundation
import Testing

@testable import Gateway

/// The gateway's checks of file frames (docs/PROTOCOL.md, "Files"), on a session whose relay link is down:
/// `unavailable` is the answer of a frame that passed them and would have gone to the relay.
@Suite struct ChatSessionFilesTests {
    static let file = "0123456789abcdef0123456789abcdef"

    static func error(_ frames: [ServerMessage]) -> ErrorMessage? {
        guard frames.count == 1, case .error(let error) = frames[0] else { return nil }
        return error
    }

    @Test func anUploadOverTheRelaysLimitIsRefusedBeforeAnythingIsSent() throws {
        var amy = try UnlinkedSession(maxFileBytes: 1000)
        let refused = Self.error(try amy.send(.upload(UploadRequest(id: "u1", room: "lobby", size: 1001))))
        #expect(refused == ErrorMessage(code: .tooLarge, message: "file too large (1001 bytes; the limit is 1000): not uploaded", id: "u1"))
        #expect(Self.error(try amy.send(.upload(UploadRequest(id: "u2", room: "lobby", size: 1000))))?.code == .unavailable, "at the limit: sent")
    }

    @Test func anUploadNeedsASizeARoomOfYoursAndAFileIDToResume() throws {
        var amy = try UnlinkedSession()
        #expect(Self.error(try amy.send(.upload(UploadRequest(id: "u1", room: "lobby", size: 0))))?.code == .badRequest)
        #expect(Self.error(try amy.send(.upload(UploadRequest(id: "u2", room: "dev", size: 10))))?.code == .notInRoom)
        let upper = Self.error(try amy.send(.upload(UploadRequest(id: "u3", room: "lobby", size: 10, file: Self.file.uppercased()))))
        #expect(upper == ErrorMessage(code: .badRequest, message: "upload: file must be a file id, 32 lowercase hex digits", id: "u3"))
        #expect(Self.error(try amy.send(.upload(UploadRequest(id: "u4", room: "lobby", size: 10, file: Self.file))))?.code == .unavailable)
    }

    @Test func aChunkMustBePaddedBase64OfOneToAChunksBytes() throws {
        var amy = try UnlinkedSession()
        func chunk(_ data: String, file: String = Self.file) throws -> ErrorMessage? {
            Self.error(try amy.send(.chunk(FileChunk(id: "c", file: file, offset: 0, data: data))))
        }
        #expect(try chunk("aGk")?.message == "chunk: data must be base64 (the standard alphabet, padded)", "unpadded")
        #expect(try chunk("a-_=")?.code == .badRequest, "base64url's letters")
        #expect(try chunk("")?.message == "chunk: data must hold 1 to 32768 bytes (this one has 0)")
        let oversized = Data(count: FileTransfer.chunkBytes + 1).base64EncodedString()
        #expect(try chunk(oversized)?.message == "chunk: data must hold 1 to 32768 bytes (this one has 32769)")
        #expect(try chunk("aGk=", file: "not-an-id")?.code == .badRequest)
        #expect(try chunk(Data(count: FileTransfer.chunkBytes).base64EncodedString())?.code == .unavailable, "a whole chunk: sent")
    }

    @Test func aFileIsSharedOnlyAfterThisConnectionHeardOfItsUpload() throws {
        var amy = try UnlinkedSession()
        let meta = FileMetadata(name: "cat.png", type: "image/png").text
        let early = Self.error(try amy.send(.file(SharedFile(id: "f1", room: "lobby", file: Self.file, text: meta))))
        #expect(early?.code == .badRequest && early?.message.contains("upload it first") == true)
        amy.relayStatus(FileID(hex: Self.file)!, size: 5, received: 0)
        _ = try amy.answers()
        #expect(Self.error(try amy.send(.file(SharedFile(id: "f2", room: "lobby", file: Self.file, text: meta))))?.code == .unavailable)
    }

    @Test func aFilesMetadataKeepsToItsLimitAndTheTextRules() throws {
        var amy = try UnlinkedSession()
        amy.relayStatus(FileID(hex: Self.file)!, size: 5, received: 5)
        _ = try amy.answers()
        let long = String(repeating: "x", count: FileMetadata.maximumTextBytes + 1)
        let tooLarge = Self.error(try amy.send(.file(SharedFile(id: "f1", room: "lobby", file: Self.file, text: long))))
        #expect(tooLarge == ErrorMessage(code: .tooLarge, message: "file metadata too large (8193 bytes; the limit is 8192): not sent", id: "f1"))
        #expect(Self.error(try amy.send(.file(SharedFile(id: "f2", room: "lobby", file: Self.file, text: "  "))))?.code == .invalidText)
        #expect(Self.error(try amy.send(.file(SharedFile(id: "f3", room: "lobby", file: "x", text: "{}"))))?.code == .badRequest)
        #expect(Self.error(try amy.send(.file(SharedFile(id: "f4", room: "dev", file: Self.file, text: "{}"))))?.code == .notInRoom)
    }

    @Test func aDownloadNeedsAFileIDAndAnOffsetOfZeroOrMore() throws {
        var amy = try UnlinkedSession()
        #expect(Self.error(try amy.send(.download(DownloadRequest(id: "d1", file: "nope"))))?.code == .badRequest)
        #expect(Self.error(try amy.send(.download(DownloadRequest(id: "d2", file: Self.file, offset: -1))))?.code == .badRequest)
        #expect(Self.error(try amy.send(.download(DownloadRequest(id: "d3", file: Self.file, offset: 40))))?.code == .unavailable)
    }

    @Test func chunksAndDownloadsCostTheirBytesAndEverythingElseAMessage() {
        let full = Data(count: FileTransfer.chunkBytes).base64EncodedString()
        #expect(ChatSession.cost(of: .chunk(FileChunk(file: Self.file, offset: 0, data: full))) == .bytes(FileTransfer.chunkBytes))
        #expect(ChatSession.cost(of: .chunk(FileChunk(file: Self.file, offset: 0, data: "aGk="))) == .bytes(FileTransfer.minimumChunkCharge))
        #expect(ChatSession.cost(of: .download(DownloadRequest(file: Self.file))) == .bytes(FileTransfer.chunkBytes))
        #expect(ChatSession.cost(of: .upload(UploadRequest(room: "lobby", size: 10))) == .message)
        #expect(ChatSession.cost(of: .say(Say(id: "m", room: "lobby", text: "hi"))) == .message)
    }
}
