import ChatProtocol
import EndToEnd
import Foundation
import Identity
import Testing

@testable import ChatClient

/// Sealing what is said and opening what is received, room by room: every message is opened, or
/// marked for what it is, before anyone sees it.
@Suite struct RoomKeyringTests {
    static let bob = Identity()
    static let key = RoomKey.random()

    static func keyring(_ rooms: [String: RoomKey] = ["secret": Self.key]) -> RoomKeyring {
        var keyring = RoomKeyring()
        for (room, key) in rooms { keyring.add(key, to: room, current: true) }
        return keyring
    }

    /// What bob says in `room`, as the others receive it.
    static func said(
        _ text: String,
        in room: String = "secret",
        with keyring: RoomKeyring = Self.keyring(),
        kind: ChatMessage.Kind = .message
    )
        throws -> ChatMessage
    {
        let say = Say(id: "b-1", room: room, text: text)
        guard case .say(let sealed) = try keyring.seal(.say(say), sender: Self.bob.publicKey) else { throw EndToEndError("not a say") }
        return ChatMessage(kind: kind, room: room, seq: 2, from: "bob", text: sealed.text, time: 5, id: "b-1", key: Self.bob.publicKey.text)
    }

    @Test func whatIsSaidInAnEncryptedRoomIsSealedWithItsCurrentKeyAndOpensForItsMembers() throws {
        let message = try Self.said("meet at noon")
        #expect(message.text.hasPrefix("e2e2:") && !message.text.contains("noon"))
        #expect(try SealedRoomText(parsing: message.text).keyID == Self.key.id)
        var keyring = Self.keyring()
        let opened = keyring.open(message)
        #expect(opened.message.text == "meet at noon" && opened.encryption == .decrypted)
        #expect(keyring.keychain(of: "secret")?.holdsCurrent(IdentityPrefix(Self.bob.publicKey)) == true, "bob holds the key")
    }

    @Test func aReplayedMovedOrRetypedTextIsRefusedAsSuch() throws {
        var keyring = Self.keyring(["secret": Self.key, "other": Self.key])
        var replayed = try Self.said("meet at noon")
        replayed.key = Identity().publicKey.text
        replayed.from = "mallory"
        var moved = try Self.said("meet at noon")
        moved.room = "other"
        var retyped = try Self.said("meet at noon")
        retyped.kind = .action
        var renumbered = try Self.said("meet at noon")
        renumbered.id = "b-2"
        var keyless = try Self.said("meet at noon")
        keyless.key = nil
        for message in [replayed, moved, retyped, renumbered, keyless] {
            let opened = keyring.open(message)
            #expect(opened.encryption == .undecryptable && opened.message.text == "[cannot decrypt: replayed, moved or changed]", "\(message)")
        }
        var movedToAPlainRoom = try Self.said("meet at noon")
        movedToAPlainRoom.room = "lobby"
        #expect(Self.keyring().peek(movedToAPlainRoom).encryption == .undecryptable, "a key held in another room still finds it out")
    }

    @Test func aTextSealedWithAKeyNotHeldIsMarkedSoAndOneFromARotationWithoutMeToo() throws {
        let message = try Self.said("hi", with: Self.keyring(["secret": RoomKey.random()]))
        var keyring = Self.keyring()
        #expect(keyring.open(message).message.text == "[encrypted with a key you do not have]")
        #expect(RoomKeyring().peek(message).encryption == .sealedWithoutKey, "not encrypting the room")
        // Left out of a rotation: the new key's texts say so.
        let new = RoomKey.random()
        let share = KeyShare.seal(new, previous: Self.key, room: "secret", sender: Self.bob.publicKey, id: "b-key1", to: [])
        let reading = KeyShare.Reading(key: nil, isProven: true)
        _ = keyring.update("secret") { $0.apply(share, reading: reading, sender: IdentityPrefix(Self.bob.publicKey)) }
        let after = try Self.said("after you left", with: Self.keyring(["secret": new]))
        #expect(keyring.open(after).encryption == .leftOut && keyring.open(after).message.text == MessageEncryption.leftOutMarker)
        #expect(keyring.open(message).encryption == .leftOut)
        #expect(throws: EndToEndError.self) { try keyring.seal(.say(Say(id: "1", room: "secret", text: "x")), sender: Self.bob.publicKey) }
    }

    @Test func plainTextsAreMarkedOnlyWhereTheyShouldHaveBeenSealed() throws {
        var keyring = Self.keyring()
        #expect(keyring.open(ChatMessage(room: "secret", seq: 1, from: "x", text: "in the clear", time: 0)).encryption == .unencrypted)
        #expect(keyring.open(ChatMessage(room: "lobby", seq: 1, from: "x", text: "hello", time: 0)).encryption == .none)
        let plain: [ClientMessage] = [.say(Say(id: "1", room: "lobby", text: "hi")), .direct(DirectRequest(id: "2", to: "bob", text: "psst"))]
        for message in plain { #expect(try keyring.seal(message, sender: Self.bob.publicKey) == message) }
        #expect(throws: EndToEndError.self) { try keyring.seal(.say(Say(id: "1", room: "secret", text: "x")), sender: nil) }
    }

    @Test func theLimitLeavesRoomForSealingAndIsSmallerWithASalt() throws {
        var keyring = Self.keyring()
        #expect(keyring.plaintextLimit(for: "secret", messageBytes: 65_536) == 49_111)
        keyring.add(
            passphrase: "a passphrase",
            ownKey: try RoomKey(passphrase: "a passphrase", salt: RoomKey.randomSalt(), iterations: 1),
            to: "pass"
        )
        #expect(keyring.plaintextLimit(for: "pass", messageBytes: 65_536) == 49_095)
        #expect(keyring.plaintextLimit(for: "lobby", messageBytes: 65_536) == nil)
    }

    @Test func aPassphraseRoomDerivesTheKeyOfEachSaltItMeetsOnceAndSealsWithTheNewest() throws {
        let passphrase = "correct horse battery staple"
        let theirs = try RoomKey(passphrase: passphrase, salt: RoomKey.randomSalt(), iterations: 1)
        let mine = try RoomKey(passphrase: passphrase, salt: RoomKey.randomSalt(), iterations: 1)
        var keyring = RoomKeyring()
        keyring.add(passphrase: passphrase, ownKey: mine, to: "pass")
        let message = try Self.said("salted", in: "pass", with: Self.keyring(["pass": theirs]))
        let wanted = keyring.derivations(for: [message, message])
        #expect(wanted == [RoomKeyring.Derivation(room: "pass", passphrase: passphrase, salt: theirs.salt, keyID: theirs.id)])
        keyring.derived(try RoomKey(passphrase: passphrase, salt: theirs.salt, iterations: 1), for: wanted[0])
        #expect(keyring.open(message).encryption == .decrypted)
        #expect(keyring.keychain(of: "pass")?.current == theirs.id, "the newest message's salt seals from now on")
        // Another passphrase: its salt is not derived again.
        let other = try Self.said(
            "other",
            in: "pass",
            with: Self.keyring(["pass": try RoomKey(passphrase: "another one", salt: RoomKey.randomSalt(), iterations: 1)])
        )
        let attempt = keyring.derivations(for: [other])
        keyring.derived(try RoomKey(passphrase: passphrase, salt: attempt[0].salt, iterations: 1), for: attempt[0])
        #expect(keyring.derivations(for: [other]) == [] && keyring.open(other).encryption == .sealedWithoutKey)
    }

    @Test func theKeyringFileHoldsEveryKeyWhichIsCurrentAndItsHoldersButNoPassphrase() throws {
        var keyring = Self.keyring()
        keyring.add(RoomKey.random(), to: "secret", current: false)
        keyring.update("secret") { $0.addHolder(IdentityPrefix(Self.bob.publicKey), of: Self.key.id) }
        keyring.add(
            passphrase: "never written",
            ownKey: try RoomKey(passphrase: "never written", salt: RoomKey.randomSalt(), iterations: 1),
            to: "pass"
        )
        let lines = keyring.lines
        #expect(lines.count == 3 && lines.filter { $0.contains(" current ") }.count == 2)
        #expect(!lines.joined().contains("never written"))
        let read = RoomKeyring(lines: (lines + ["garbage line", "x y z w"]).map { Substring($0) })
        #expect(read.rooms == keyring.rooms && read.lines == lines)
        #expect(read.keychain(of: "secret")?.holdsCurrent(IdentityPrefix(Self.bob.publicKey)) == true)
        let older = RoomKeyring(lines: ["secret \(Self.key.text) - current"])
        #expect(older.keychain(of: "secret")?.currentKey == Self.key, "a line without holders still reads")
    }

    @Test func jsonFramesCarryThePlaintextAndSayWhatEncryptionMadeOfThem() throws {
        var keyring = Self.keyring()
        let message = try Self.said("meet at noon")
        var openings = FrameOpenings()
        let opened = keyring.open(message)
        openings.rooms[FrameOpenings.Position(room: "secret", seq: 2)] = (opened.message.text, opened.encryption)
        let frame = try #require(keyring.frame(for: .message(message), openings: openings))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any])
        #expect(object["text"] as? String == "meet at noon" && object["encrypted"] as? Bool == true && object["decrypted"] as? Bool == true)
        #expect(object["id"] as? String == "b-1" && object["from"] as? String == "bob")
        let failed = try #require(RoomKeyring().frame(for: .message(message)))
        #expect(!failed.contains(message.text.dropFirst(5)) && failed.contains(#""decrypted":false"#), "no ciphertext")
        #expect(RoomKeyring().frame(for: .message(ChatMessage(room: "lobby", seq: 1, from: "x", text: "hi", time: 0))) == nil)
        let share = ChatMessage(kind: .share, room: "secret", seq: 3, from: "bob", text: "e2k2:AAAA", time: 0)
        #expect(keyring.frame(for: .message(share)) == nil, "a share is shown as it came")
    }
}
