import ChatClient
import ChatProtocol
import EndToEnd
import Foundation
import Testing

@Suite struct RoomKeyringTests {
    static let key = try! RoomKey(passphrase: "correct horse", room: "secret", iterations: 10)
    static let otherKey = try! RoomKey(passphrase: "wrong horse", room: "secret", iterations: 10)

    static func message(_ text: String, room: String = "secret", from: String = "bob") -> ChatMessage {
        ChatMessage(room: room, seq: 2, from: from, text: text, time: 5, id: "b-1")
    }

    static func sealed(_ text: String, by sender: String = "bob", with key: RoomKey = Self.key) throws -> String {
        let keyring = RoomKeyring([key])
        guard case .say(let say) = try keyring.seal(.say(Say(id: "1", room: key.room, text: text)), sender: sender) else {
            throw EndToEndError("not a say")
        }
        return say.text
    }

    @Test func whatIsSaidInAnEncryptedRoomIsSealedWithTheSendersName() throws {
        let keyring = RoomKeyring([Self.key])
        let sealed = try keyring.seal(.action(Say(id: "1", room: "secret", text: "waves")), sender: "amy")
        guard case .action(let say) = sealed else { return #expect(Bool(false)) }
        #expect(SealedText.isSealed(say.text) && !say.text.contains("waves"))
        #expect(try Self.key.open(say.text, sender: "amy") == "waves")
        #expect(throws: EndToEndError.self) { try Self.key.open(say.text, sender: "bob") }
    }

    @Test func otherRoomsAndDirectMessagesAreSentAsTheyAre() throws {
        let keyring = RoomKeyring([Self.key])
        let plain: [ClientMessage] = [
            .say(Say(id: "1", room: "lobby", text: "hi")),
            .direct(DirectRequest(id: "2", to: "bob", text: "psst")),
            .join(RoomRequest(id: "3", room: "secret")),
        ]
        for message in plain { #expect(try keyring.seal(message, sender: "amy") == message) }
    }

    @Test func receivedMessagesAreOpenedOrMarkedButNeverShownSealed() throws {
        let keyring = RoomKeyring([Self.key])
        let sealed = try Self.sealed("meet at noon")
        let opened = keyring.open(Self.message(sealed))
        #expect(opened.0.text == "meet at noon" && opened.1 == .decrypted)

        let forged = keyring.open(Self.message(sealed, from: "mallory"))
        #expect(forged.0.text == MessageEncryption.cannotDecryptMarker && forged.1 == .undecryptable, "bound to its sender")

        let otherPassphrase = keyring.open(Self.message(try Self.sealed("hi", with: Self.otherKey)))
        #expect(otherPassphrase.0.text == "[cannot decrypt: different passphrase?]" && otherPassphrase.1 == .undecryptable)

        let plain = keyring.open(Self.message("in the clear"))
        #expect(plain.0.text == "in the clear" && plain.1 == .unencrypted)

        let withoutKey = RoomKeyring().open(Self.message(sealed))
        #expect(withoutKey.0.text == "[encrypted]" && withoutKey.1 == .sealedWithoutKey)

        let ordinary = RoomKeyring().open(Self.message("hello", room: "lobby"))
        #expect(ordinary.0.text == "hello" && ordinary.1 == .none)
    }

    @Test func anEncryptedRoomsPlaintextLimitLeavesRoomForSealing() {
        let keyring = RoomKeyring([Self.key])
        #expect(keyring.plaintextLimit(for: "secret", messageBytes: 65_536) == 49_120)
        #expect(keyring.plaintextLimit(for: "lobby", messageBytes: 65_536) == nil)
    }

    @Test func jsonFramesCarryThePlaintextAndSayWhatEncryptionMadeOfThem() throws {
        let keyring = RoomKeyring([Self.key])
        let sealed = try Self.sealed("meet at noon")
        let frame = try #require(keyring.frame(for: .message(Self.message(sealed))))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "message")
        #expect(object["text"] as? String == "meet at noon")
        #expect(object["encrypted"] as? Bool == true && object["decrypted"] as? Bool == true)
        #expect(object["from"] as? String == "bob" && object["seq"] as? Int == 2 && object["id"] as? String == "b-1")

        let failed = try #require(RoomKeyring([Self.otherKey]).frame(for: .message(Self.message(sealed))))
        #expect(!failed.contains(sealed.dropFirst(5)), "no ciphertext")
        #expect(failed.contains(#""encrypted":true"#) && failed.contains(#""decrypted":false"#))
        let plain = try #require(keyring.frame(for: .message(Self.message("in the clear"))))
        #expect(plain.contains(#""text":"in the clear","time":5,"id":"b-1","encrypted":false}"#), "\(plain)")
        #expect(RoomKeyring().frame(for: .message(Self.message("hi", room: "lobby"))) == nil, "untouched frames pass as they came")
    }

    @Test func historyInWelcomeAndJoinedFramesIsOpenedToo() throws {
        let keyring = RoomKeyring([Self.key])
        let snapshot = RoomSnapshot(
            room: "secret",
            seq: 3,
            members: ["amy", "bob"],
            history: [Self.message(try Self.sealed("old news"))],
            truncated: false
        )
        let limits = Welcome.Limits(maxMessageBytes: 100, maxRooms: 4, rate: 10, burst: 10)
        let welcome = Welcome(name: "amy", session: String(repeating: "0", count: 32), epoch: "e1", rooms: [snapshot], limits: limits)
        for frame in [ServerMessage.welcome(welcome), .joined(Joined(id: "j", snapshot: snapshot))] {
            let text = try #require(keyring.frame(for: frame))
            #expect(text.contains(#""text":"old news""#), "\(text)")
            let decoded = try ServerMessage(decoding: Array(text.utf8))
            switch decoded {
            case .welcome(let decoded): #expect(decoded.rooms[0].history[0].text == "old news" && decoded.name == "amy")
            case .joined(let decoded): #expect(decoded.snapshot.history[0].text == "old news" && decoded.id == "j")
            default: Issue.record("decoded as \(decoded.type)")
            }
        }
    }
}
