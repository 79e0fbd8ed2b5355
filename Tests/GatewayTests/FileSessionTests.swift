import ChatProtocol
import Foundation
import Gateway
import GatewayTestSupport
import Testing

/// Files over real sockets, to a gateway with its embedded relay in process (docs/PROTOCOL.md, "Files").
@Suite(.timeLimit(.minutes(1))) struct FileSessionTests {
    @Test func theWelcomeTellsTheFileLimits() async throws {
        var configuration = GatewayConfiguration(port: 0)
        configuration.embeddedChatLimits.fileBytes = 123_456
        configuration.fileBytesPerSecond = 2_000_000
        try await withRunningGateway(configuration: configuration) { port, _, _ in
            let (amy, welcome) = try await V1Client.welcomed(port: port, name: "amy")
            #expect(welcome.limits.maxFileBytes == 123_456, "the relay's own limit, from its welcome")
            #expect(welcome.limits.fileChunkBytes == 32768 && welcome.limits.fileRate == 2_000_000)
            try await amy.close()
        }
    }

    @Test func chunksAndDownloadsArePacedByBytesAndTakeNoMessageToken() async throws {
        // One message token, and the next a quarter of an hour later: a chunk that took one would hold the say.
        var configuration = GatewayConfiguration(port: 0)
        configuration.messagesPerSecond = 0.001
        configuration.burst = 1
        try await withRunningGateway(configuration: configuration) { port, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let file = FileID.random().hex
            let data = Data(count: 32768).base64EncodedString()
            for offset in 0..<4 { try await amy.send(.chunk(FileChunk(file: file, offset: offset * 32768, data: data))) }
            try await amy.send(.download(DownloadRequest(id: "d1", file: file)))
            try await amy.send(.say(Say(id: "m1", room: "lobby", text: "still here")))
            guard case .ack(let ack) = try await amy.next("ack") else { return #expect(Bool(false)) }
            #expect(ack.id == "m1")
            try await amy.close()
        }
    }
}
