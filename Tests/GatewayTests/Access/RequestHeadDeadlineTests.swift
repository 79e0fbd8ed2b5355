import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Gateway

@Suite struct RequestHeadDeadlineTests {
    func connectedChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: RequestHeadDeadline(limit: .seconds(2)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8000)).wait()
        return channel
    }

    @Test func aConnectionWithoutARequestHeadIsClosedAtTheLimit() throws {
        let channel = try self.connectedChannel()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aRequestHeadInTimeStopsTheClockAndPassesOn() throws {
        let channel = try self.connectedChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/ws")))
        #expect(try channel.readInbound(as: HTTPServerRequestPart.self) != nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(channel.isActive)
        #expect(throws: ChannelPipelineError.notFound) { try channel.pipeline.syncOperations.handler(type: RequestHeadDeadline.self) }
    }
}
