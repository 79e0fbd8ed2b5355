import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import Gateway

@Suite struct ClientFrameCheckTests {
    static let key: WebSocketMaskingKey = [1, 2, 3, 4]

    func connectedChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ClientFrameCheck())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8000)).wait()
        return channel
    }

    static func frame(_ opcode: WebSocketOpcode, maskKey: WebSocketMaskingKey? = key, rsv1: Bool = false, rsv3: Bool = false) -> WebSocketFrame {
        WebSocketFrame(fin: true, rsv1: rsv1, rsv3: rsv3, opcode: opcode, maskKey: maskKey, data: ByteBuffer(string: "hi"))
    }

    @Test func maskedFramesWithDefinedOpcodesPassUntouched() throws {
        let channel = try self.connectedChannel()
        for opcode: WebSocketOpcode in [.text, .binary, .continuation, .ping, .pong, .connectionClose] {
            try channel.writeInbound(Self.frame(opcode))
            #expect(try channel.readInbound(as: WebSocketFrame.self)?.opcode == opcode)
        }
        #expect(try channel.readOutbound(as: WebSocketFrame.self) == nil)
        #expect(channel.isActive)
    }

    @Test(
        arguments: [
            (ClientFrameCheckTests.frame(.text, maskKey: nil), "client frames must be masked"),
            (ClientFrameCheckTests.frame(.text, rsv1: true), "reserved bits set without an extension"),
            (ClientFrameCheckTests.frame(.binary, rsv3: true), "reserved bits set without an extension"),
            (ClientFrameCheckTests.frame(WebSocketOpcode(encodedWebSocketOpcode: 0x3)!), "reserved opcode"),
            (ClientFrameCheckTests.frame(WebSocketOpcode(encodedWebSocketOpcode: 0xB)!), "reserved opcode"),
        ]
    )
    func aBrokenRuleIsAnsweredWith1002AndTheChannelCloses(frame: WebSocketFrame, reason: String) throws {
        let channel = try self.connectedChannel()
        try channel.writeInbound(frame)
        #expect(try channel.readInbound(as: WebSocketFrame.self) == nil, "the frame goes no further")
        let close = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        var data = close.unmaskedData
        #expect(close.opcode == .connectionClose && close.maskKey == nil)
        #expect(data.readWebSocketErrorCode() == .protocolError)
        #expect(data.readString(length: data.readableBytes) == reason)
        #expect(!channel.isActive)
    }
}
