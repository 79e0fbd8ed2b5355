import NIOCore
import Testing

@testable import Gateway

@Suite struct IRCLineDecoderTests {
    /// The lines `chunks`, fed one after another, decode to.
    static func decode(_ chunks: [UInt8]...) -> [IRCLineDecoder.Line] {
        var decoder = IRCLineDecoder()
        var lines: [IRCLineDecoder.Line] = []
        for chunk in chunks {
            decoder.decode(ByteBuffer(bytes: chunk)) { line in
                lines.append(line)
                return true
            }
        }
        return lines
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func linesEndWithCRLFOrABareLFAndMayArriveInPieces() {
        let lines = Self.decode(Self.bytes("NICK ann\r\nUSER a 0 * :A"), Self.bytes("nn\nPING x\r"), Self.bytes("\n"))
        #expect(lines == [.message(Self.bytes("NICK ann")), .message(Self.bytes("USER a 0 * :Ann")), .message(Self.bytes("PING x"))])
    }

    @Test func aLineOf512BytesWithItsLineEndIsTakenAndOneMoreIsRefusedWhole() {
        let longest = "PRIVMSG #a :" + String(repeating: "x", count: 510 - 12)
        #expect(Self.decode(Self.bytes(longest + "\r\n")) == [.message(Self.bytes(longest))])
        #expect(Self.decode(Self.bytes(longest + "y\r\nPING after\r\n")) == [.tooLong, .message(Self.bytes("PING after"))])
    }

    @Test func aBareLFCountsAsIfItWereCRLF() {
        let tooLong = "PRIVMSG #a :" + String(repeating: "x", count: 511 - 12)
        #expect(Self.decode(Self.bytes(tooLong + "\n")) == [.tooLong])
    }

    @Test func tagsAreDroppedAndDoNotCountTowardThe512Bytes() {
        let tags = "@" + String(repeating: "t", count: 8000) + " "
        let message = "PRIVMSG #a :" + String(repeating: "x", count: 498)
        #expect(Self.decode(Self.bytes(tags + message + "\r\n")) == [.message(Self.bytes(message))])
    }

    @Test func tagsOver8191BytesMakeTheLineTooLong() {
        let tags = "@" + String(repeating: "t", count: 8191) + " "
        #expect(Self.decode(Self.bytes(tags + "PING x\r\nPING y\r\n")) == [.tooLong, .message(Self.bytes("PING y"))])
    }

    @Test func aLineWithoutEndIsReportedOnceAndDiscardedUpToItsEnd() {
        let flood = [UInt8](repeating: UInt8(ascii: "x"), count: 20_000)
        let lines = Self.decode(flood, flood, Self.bytes("more\r\nPING z\r\n"))
        #expect(lines == [.tooLong, .message(Self.bytes("PING z"))], "nothing of the long line may come out as a line")
    }

    @Test func aLineThatIsNotUTF8IsRefusedWithItsCommand() {
        let lines = Self.decode(Self.bytes("PRIVMSG #a :caf") + [0xE9] + Self.bytes("\r\n"), [0xFF, 0xFE] + Self.bytes("\r\n"))
        #expect(lines == [.invalidUTF8(command: "PRIVMSG"), .invalidUTF8(command: "*")])
    }

    @Test func emptyLinesAreIgnored() {
        #expect(Self.decode(Self.bytes("\r\n\n   \r\nPING a\r\n")) == [.message(Self.bytes("PING a"))])
    }
}
