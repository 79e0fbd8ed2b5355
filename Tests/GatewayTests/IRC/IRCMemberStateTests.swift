import RelayProtocol
import Testing

@testable import Gateway

@Suite struct IRCMemberStateTests {
    static func presence(_ flags: EnvelopeFlags, room: String, sender: String = "amy", previous: String = "", connection: UInt64 = 1) -> Envelope {
        Envelope(kind: .presence, flags: flags, origin: Origin(gateway: 3, connection: connection), room: room, sender: sender, target: previous)
    }

    @Test func aRenameSeenInSeveralRoomsIsOneNickButAPartInEachRoomIsItsOwn() {
        let state = IRCMemberState()
        #expect(state.refine(.ircPresence, for: Self.presence(.renamed, room: "a", sender: "amy2", previous: "amy")) == .ircPresence)
        #expect(state.refine(.ircPresence, for: Self.presence(.renamed, room: "b", sender: "amy2", previous: "amy")) == nil)
        #expect(state.refine(.ircPresence, for: Self.presence([.left, .byRequest], room: "a", sender: "amy2")) == .ircPresence)
        #expect(state.refine(.ircPresence, for: Self.presence([.left, .byRequest], room: "b", sender: "amy2")) == .ircPresence)
    }

    @Test func anotherPersonsQuitIsShownToo() {
        let state = IRCMemberState()
        #expect(state.refine(.ircPresence, for: Self.presence(.left, room: "a")) == .ircPresence)
        #expect(state.refine(.ircPresence, for: Self.presence(.left, room: "a", sender: "bob", connection: 2)) == .ircPresence)
    }

    @Test func aSealedRoomIsAnnouncedAgainAfterTheChannelWasLeft() {
        let state = IRCMemberState()
        let sealed = Envelope(kind: .message, room: "a", sender: "amy", payload: Array("e2e2:x".utf8))
        #expect(state.refine(.ircMessage(timed: false), for: sealed) == .ircSealedNotice)
        #expect(state.refine(.ircMessage(timed: false), for: sealed) == nil)
        state.forget("a")
        #expect(state.refine(.ircMessage(timed: false), for: sealed) == .ircSealedNotice)
    }
}
