import ChatProtocol
import NIOCore
import RelayProtocol
import Testing

@testable import Gateway

/// The exact bytes of every frame a gateway builds from the relay's envelopes: the wire contract that
/// docs/PROTOCOL.md and the shared fixtures describe, down to the order of the fields.
@Suite struct FramesTests {
    static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    static let said = Envelope(
        kind: .message,
        epoch: 0xE,
        roomSequence: 12,
        timestamp: 1_700_000_000_000,
        room: "lobby",
        sender: "amy",
        clientMessageID: "m1",
        payload: Array("say \"hi\"\nthen go".utf8)
    )

    @Test func aMessageCarriesItsTextEscapedAndTheSendersID() {
        #expect(
            Self.text(Frames.message(Self.said))
                == #"{"type":"message","room":"lobby","seq":12,"from":"amy","text":"say \"hi\"\nthen go","time":1700000000000,"id":"m1"}"#
        )
    }

    @Test func anActionFromAPlainClientHasNoID() {
        var action = Self.said
        action.flags = [.action, .plain]
        #expect(
            Self.text(Frames.message(action))
                == #"{"type":"action","room":"lobby","seq":12,"from":"amy","text":"say \"hi\"\nthen go","time":1700000000000}"#
        )
    }

    @Test func presenceNamesWhoChangedAndARenameItsOldName() {
        var joined = Envelope(kind: .presence, flags: .joined, roomSequence: 3, room: "lobby", sender: "bob")
        #expect(Self.text(Frames.presence(joined)) == #"{"type":"presence","room":"lobby","seq":3,"event":"joined","name":"bob"}"#)
        joined.flags = .left
        #expect(Self.text(Frames.presence(joined)) == #"{"type":"presence","room":"lobby","seq":3,"event":"left","name":"bob"}"#)
        let renamed = Envelope(kind: .presence, flags: .renamed, roomSequence: 4, room: "lobby", sender: "rob", target: "bob")
        #expect(
            Self.text(Frames.presence(renamed)) == #"{"type":"presence","room":"lobby","seq":4,"event":"renamed","name":"rob","from":"bob"}"#
        )
    }

    @Test func anAckConfirmsARoomMessageOrADirectOne() {
        #expect(Self.text(Frames.ack(Self.said)) == #"{"type":"ack","id":"m1","room":"lobby","seq":12,"time":1700000000000}"#)
        let direct = Envelope(kind: .ack, timestamp: 5, target: "bob", clientMessageID: "d1")
        #expect(Self.text(Frames.ack(direct)) == #"{"type":"ack","id":"d1","to":"bob","time":5}"#)
    }

    @Test func aDirectMessageNamesBothEnds() {
        let direct = Envelope(kind: .direct, timestamp: 5, sender: "amy", target: "bob", clientMessageID: "d1", payload: Array("psst".utf8))
        #expect(Self.text(Frames.direct(direct)) == #"{"type":"dm","from":"amy","to":"bob","text":"psst","time":5,"id":"d1"}"#)
    }

    @Test func aWelcomeWrapsTheRelaysSnapshotsAsTheyAre() {
        let snapshot = Array(#"{"room":"lobby","seq":2,"members":["amy"],"history":[],"truncated":false}"#.utf8)
        let limits = Welcome.Limits(maxMessageBytes: 100, maxRooms: 4, rate: 2.5, burst: 3)
        let welcome = Frames.welcome(name: "amy", key: nil, session: "s1", epoch: 0xE, snapshots: [snapshot, snapshot], limits: limits)
        let room = String(decoding: snapshot, as: UTF8.self)
        #expect(
            Self.text(welcome)
                == #"{"type":"welcome","name":"amy","session":"s1","epoch":"e","rooms":["#
                + "\(room),\(room)"
                + #"],"limits":{"max_message_bytes":100,"max_rooms":4,"rate":2.5,"burst":3}}"#
        )
    }

    @Test func joinedAndMembersForwardTheRelaysFragments() {
        let snapshot = #"{"room":"dev","seq":0,"members":[],"history":[],"truncated":true}"#
        var joined = Envelope(kind: .joined, room: "dev", clientMessageID: "j1", payload: Array(snapshot.utf8))
        #expect(Self.text(Frames.joined(joined)) == #"{"type":"joined","id":"j1","snapshot":"# + snapshot + "}")
        joined.clientMessageID = ""
        #expect(Self.text(Frames.joined(joined)) == #"{"type":"joined","snapshot":"# + snapshot + "}")
        var members = Envelope(kind: .members, room: "dev", clientMessageID: "w1", payload: Array(#"["amy","bob"]"#.utf8))
        #expect(Self.text(Frames.members(members)) == #"{"type":"members","id":"w1","room":"dev","members":["amy","bob"]}"#)
        members.clientMessageID = ""
        #expect(Self.text(Frames.members(members)) == #"{"type":"members","room":"dev","members":["amy","bob"]}"#)
    }

    @Test func renamedLeftAndErrorFrames() {
        let renamed = Envelope(kind: .renamed, sender: "rob", target: "bob", clientMessageID: "r1")
        #expect(Self.text(Frames.renamed(renamed)) == #"{"type":"renamed","id":"r1","name":"rob","from":"bob"}"#)
        #expect(Self.text(Frames.left(room: "dev", id: nil)) == #"{"type":"left","room":"dev"}"#)
        #expect(
            Self.text(Frames.error(.nameTaken, "taken", id: nil, suggestion: "amy2"))
                == #"{"type":"error","code":"name_taken","message":"taken","suggestion":"amy2"}"#
        )
    }

    @Test func plainFramesAreTheSeedsText() {
        #expect(Self.text(Frames.plainMessage(Self.said)) == "amy: say \"hi\"\nthen go")
        var action = Self.said
        action.flags = .action
        #expect(Self.text(Frames.plainMessage(action)) == "* amy say \"hi\"\nthen go")
        let direct = Envelope(kind: .direct, sender: "amy", payload: Array("psst".utf8))
        #expect(Self.text(Frames.plainDirect(direct)) == "(private) amy: psst")
        #expect(Self.text(Frames.plainError("no")) == "error: no")
    }
}
