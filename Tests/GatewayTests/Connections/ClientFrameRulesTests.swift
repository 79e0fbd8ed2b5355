import NIOCore
import NIOWebSocket
import Testing

@testable import Gateway

@Suite struct ClientFrameRulesTests {
    static let key: WebSocketMaskingKey = [1, 2, 3, 4]

    static func frame(_ opcode: WebSocketOpcode, maskKey: WebSocketMaskingKey? = key, rsv1: Bool = false, rsv3: Bool = false) -> WebSocketFrame {
        WebSocketFrame(fin: true, rsv1: rsv1, rsv3: rsv3, opcode: opcode, maskKey: maskKey, data: ByteBuffer(string: "hi"))
    }

    @Test func maskedFramesWithDefinedOpcodesKeepTheRules() {
        for opcode: WebSocketOpcode in [.text, .binary, .continuation, .ping, .pong, .connectionClose] {
            #expect(ClientFrameRules.problem(in: Self.frame(opcode)) == nil)
        }
    }

    @Test(
        arguments: [
            (ClientFrameRulesTests.frame(.text, maskKey: nil), "client frames must be masked"),
            (ClientFrameRulesTests.frame(.text, rsv1: true), "reserved bits set without an extension"),
            (ClientFrameRulesTests.frame(.binary, rsv3: true), "reserved bits set without an extension"),
            (ClientFrameRulesTests.frame(WebSocketOpcode(encodedWebSocketOpcode: 0x3)!), "reserved opcode"),
            (ClientFrameRulesTests.frame(WebSocketOpcode(encodedWebSocketOpcode: 0xB)!), "reserved opcode"),
        ]
    )
    func aBrokenRuleIsNamed(frame: WebSocketFrame, reason: String) {
        #expect(ClientFrameRules.problem(in: frame) == reason)
    }
}
