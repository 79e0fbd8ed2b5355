import NIOCore
import NIOWebSocket
import Testing

@testable import Gateway

@Suite struct MessageAssemblerTests {
    static func frame(_ opcode: WebSocketOpcode, _ bytes: [UInt8], fin: Bool = true) -> ClientFrame {
        ClientFrame(fin: fin, opcode: opcode, payload: ByteBuffer(bytes: bytes))
    }

    static func text(_ message: InboundMessage?) -> String? {
        guard case .text(let bytes) = message else { return nil }
        return String(buffer: bytes)
    }

    @Test func aCharacterSplitAcrossFragmentsArrivesWhole() throws {
        var assembler = MessageAssembler(maximumBytes: 100)
        let euro = Array("€".utf8)  // three bytes: one in each fragment
        #expect(try assembler.add(Self.frame(.text, Array("price: ".utf8) + [euro[0]], fin: false)) == nil)
        #expect(try assembler.add(Self.frame(.continuation, [euro[1]], fin: false)) == nil)
        #expect(Self.text(try assembler.add(Self.frame(.continuation, [euro[2]] + Array("5".utf8)))) == "price: €5")
        #expect(Self.text(try assembler.add(Self.frame(.text, Array("next".utf8)))) == "next", "and the next message starts afresh")
    }

    @Test func invalidUTF8SeenOnlyAcrossFragmentsFailsWith1007() throws {
        var assembler = MessageAssembler(maximumBytes: 100)
        #expect(try assembler.add(Self.frame(.text, [0x61, 0xE2], fin: false)) == nil)
        #expect(throws: MessageAssembler.Failure.self) { try assembler.add(Self.frame(.continuation, [0x41])) }
        do {
            var fresh = MessageAssembler(maximumBytes: 100)
            _ = try fresh.add(Self.frame(.text, [0xE2, 0x41]))
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.code == .dataInconsistentWithMessage)
        }
    }

    @Test func binaryMessagesAreNotCheckedAsText() throws {
        var assembler = MessageAssembler(maximumBytes: 100)
        guard case .binary(let bytes) = try assembler.add(Self.frame(.binary, [0xFF, 0x00])) else {
            Issue.record("not binary")
            return
        }
        #expect(Array(bytes.readableBytesView) == [0xFF, 0x00])
    }

    @Test func theLimitCountsTheWholeMessage() throws {
        var assembler = MessageAssembler(maximumBytes: 10)
        #expect(try assembler.add(Self.frame(.text, Array("123456".utf8), fin: false)) == nil)
        do {
            _ = try assembler.add(Self.frame(.continuation, Array("7890!".utf8)))
            Issue.record("11 bytes passed a limit of 10")
        } catch {
            #expect(error.code == .messageTooLarge)
        }
    }

    @Test func fragmentsOutOfOrderAreProtocolErrors() throws {
        var assembler = MessageAssembler(maximumBytes: 100)
        do {
            _ = try assembler.add(Self.frame(.continuation, [0x61]))
            Issue.record("a continuation with nothing to continue was accepted")
        } catch {
            #expect(error.code == .protocolError)
        }
        var inside = MessageAssembler(maximumBytes: 100)
        _ = try inside.add(Self.frame(.text, [0x61], fin: false))
        do {
            _ = try inside.add(Self.frame(.text, [0x62]))
            Issue.record("a new message inside a fragmented one was accepted")
        } catch {
            #expect(error.code == .protocolError)
        }
    }
}
