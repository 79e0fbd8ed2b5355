import ChatProtocol
import NIOCore
import RelayProtocol
import Testing

@testable import Gateway

@Suite struct IRCEventLinesTests {
    static func message(_ text: String, from sender: String = "Ann Lee", flags: EnvelopeFlags = [], time: UInt64 = 0) -> Envelope {
        Envelope(kind: .message, flags: flags, roomSequence: 3, timestamp: time, room: "lobby", sender: sender, payload: Array(text.utf8))
    }

    static func lines(_ envelope: Envelope, timed: Bool = false) -> [String] {
        let event = IRCChatEvent(envelope, linkBase: "http://localhost:8000")!
        let text = String(buffer: IRCEventLines.privmsg(event, to: "#lobby", timed: timed))
        return text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func aMessageIsAPrivmsgFromTheSendersNick() {
        #expect(Self.lines(Self.message("hi")) == [":Ann\\20Lee!chat@private-chat PRIVMSG #lobby :hi"])
    }

    @Test func eachLineOfTheTextIsALineAndAnActionIsACTCPAction() {
        #expect(
            Self.lines(Self.message("waves\nagain", flags: .action)) == [
                ":Ann\\20Lee!chat@private-chat PRIVMSG #lobby :\u{1}ACTION waves\u{1}",
                ":Ann\\20Lee!chat@private-chat PRIVMSG #lobby :\u{1}ACTION again\u{1}",
            ]
        )
    }

    @Test func aLongMessageIsSplitIntoLinesOfAtMost512BytesThatHoldAllOfIt() {
        let text = String(repeating: "é and some words ", count: 120)
        let lines = Self.lines(Self.message(text), timed: true)
        #expect(lines.count > 3)
        let header = "@time=1970-01-01T00:00:00.000Z :Ann\\20Lee!chat@private-chat PRIVMSG #lobby :"
        #expect(lines.allSatisfy { $0.hasPrefix(header) && $0.utf8.count - 31 + 2 <= 512 })
        #expect(lines.map { $0.dropFirst(header.count) }.joined() == text)
    }

    @Test func serverTimeIsTheRelaysTimeInUTC() {
        #expect(IRCServerTime.text(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(IRCServerTime.text(milliseconds: 1_796_191_234_005) == "2026-12-02T06:00:34.005Z")
        #expect(IRCServerTime.text(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }

    @Test func repliesEditsAndDeletesAreWordedAsForPlainClients() {
        let reply = EnvelopeReference(relation: .reply, roomSequence: 1, id: "m1", author: "bob")
        var envelope = Self.message("")
        envelope.flags = .refers
        envelope.payload = reply.bytes + Array("sure".utf8)
        #expect(Self.lines(envelope) == [":Ann\\20Lee!chat@private-chat PRIVMSG #lobby :(reply to bob) sure"])
        envelope.payload = EnvelopeReference(relation: .delete, roomSequence: 1, id: "m1").bytes
        #expect(Self.lines(envelope) == [":Ann\\20Lee!chat@private-chat PRIVMSG #lobby :\u{1}ACTION deleted a message\u{1}"])
    }

    @Test func presenceIsJoinPartQuitOrNick() {
        var presence = Envelope(kind: .presence, roomSequence: 4, room: "lobby", sender: "bob")
        #expect(String(buffer: IRCEventLines.presence(presence)) == ":bob!chat@private-chat JOIN #lobby\r\n")
        presence.flags = [.left, .byRequest]
        #expect(String(buffer: IRCEventLines.presence(presence)) == ":bob!chat@private-chat PART #lobby\r\n")
        presence.flags = .left
        #expect(String(buffer: IRCEventLines.presence(presence)) == ":bob!chat@private-chat QUIT :left the chat\r\n")
        presence = Envelope(kind: .presence, flags: .renamed, roomSequence: 5, room: "lobby", sender: "Bo B", target: "bob")
        #expect(String(buffer: IRCEventLines.presence(presence)) == ":bob!chat@private-chat NICK Bo\\20B\r\n")
    }
}
