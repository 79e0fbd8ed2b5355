import ChatCLI
import ChatClient
import ChatProtocol
import Testing

@Suite struct MessageFormatterTests {
    let message = ChatMessage(room: "lobby", seq: 4, from: "bob", text: "hi\u{1B}[31m there\nsecond", time: 0)

    @Test func scriptsGetOneLinePerMessageWithTheRoom() {
        #expect(MessageFormatter.scripted(.message(self.message, isHistory: false)) == "[lobby] bob: hi[31m there\nsecond")
        var action = self.message
        action.kind = .action
        action.text = "waves"
        #expect(MessageFormatter.scripted(.message(action, isHistory: false)) == "[lobby] * bob waves")
        #expect(MessageFormatter.scripted(.direct(DirectMessage(from: "amy", to: "bob", text: "psst", time: 0))) == "[dm] amy: psst")
        #expect(MessageFormatter.scripted(.message(self.message, isHistory: true)) == nil, "history is not news")
        #expect(MessageFormatter.scripted(.presence(Presence(room: "lobby", seq: 1, event: .joined, name: "x"), members: [])) == nil)
    }

    @Test func scriptsAreToldOfAChangedKeyABadSignatureAndAVerifiedContact() {
        let changed = SignatureState.keyChanged(pinned: "aaaa", now: "bbbb", wasVerified: true)
        #expect(
            MessageFormatter.scripted(.message(self.message, isHistory: false, signature: changed))?.hasPrefix("[lobby] bob [key changed]: hi")
                == true
        )
        #expect(
            MessageFormatter.scripted(.message(self.message, isHistory: false, signature: .invalid))?.hasPrefix("[lobby] bob [invalid signature]: ")
                == true
        )
        #expect(
            MessageFormatter.scripted(.message(self.message, isHistory: false, signature: .verified(contactVerified: true)))?.hasPrefix(
                "[lobby] bob ✔: "
            ) == true
        )
        #expect(
            MessageFormatter.scripted(.direct(DirectMessage(from: "amy", to: "bob", text: "psst", time: 0), signature: .invalid))
                == "[dm] amy [invalid signature]: psst"
        )
    }

    @Test func peopleSeeEverySignaturesStateAndAWarningWhenAKeyChanges() {
        let formatter = MessageFormatter(colors: false)
        #expect(formatter.line(for: self.message, signature: .unsigned).contains("bob [unsigned]: hi"))
        #expect(formatter.line(for: self.message, signature: .verified(contactVerified: false)).contains("bob: hi"))
        #expect(formatter.line(for: self.message, signature: .firstSeen(fingerprint: "c5aa")).contains("bob: hi"))
        let warning = formatter.keyNotice(name: "bob", state: .keyChanged(pinned: "aaaa 1111", now: "bbbb 2222", wasVerified: true)) ?? ""
        #expect(
            warning.contains("safety number with your verified contact bob changed") && warning.contains("bbbb 2222")
                && warning.contains("/trust bob")
        )
        #expect(formatter.keyNotice(name: "bob", state: .firstSeen(fingerprint: "c5aa 2c80"))?.contains("c5aa 2c80") == true)
        #expect(formatter.keyNotice(name: "bob", state: .verified(contactVerified: false)) == nil)
    }

    @Test func peopleGetTimeNameAndTextWithNothingThatDrivesTheTerminal() {
        let formatter = MessageFormatter(colors: false, showsRooms: true, ownName: "me")
        let line = formatter.line(for: self.message)
        #expect(line.hasSuffix("[lobby] bob: hi[31m there\n      second"), "escape removed, continuation indented")
        #expect(!line.contains("\u{1B}"))
        #expect(formatter.line(for: Presence(room: "lobby", seq: 2, event: .left, name: "bob"), memberCount: 1) == "— bob left lobby (1 here)")
    }

    @Test func colouredNamesKeepTheirColour() {
        let formatter = MessageFormatter(colors: true)
        let first = formatter.line(for: self.message)
        let again = formatter.line(for: self.message)
        #expect(first == again)
    }
}

@Suite struct EncryptedMessageFormatterTests {
    let message = ChatMessage(room: "secret", seq: 4, from: "bob", text: "hello", time: 0)

    @Test func encryptedRoomsCarryALockAndUnreadableTextsAMarker() {
        let formatter = MessageFormatter(colors: false, showsRooms: true, encryptedRooms: ["secret"])
        #expect(formatter.line(for: self.message, encryption: .decrypted).hasSuffix("[🔒 secret] bob: hello"))
        var marked = self.message
        marked.text = MessageEncryption.cannotDecryptMarker
        #expect(formatter.line(for: marked, encryption: .undecryptable).hasSuffix("bob: [cannot decrypt: replayed, moved or changed]"))
        #expect(formatter.line(for: self.message, encryption: .unencrypted).hasSuffix("bob: [not encrypted] hello"))
        #expect(formatter.label("lobby") == "lobby")
        #expect(
            formatter.encryptionNotice(room: "secret", fingerprint: "95c5 9d43 39d0 b772")
                == "🔒 #secret is end-to-end encrypted; key fingerprint 95c5 9d43 39d0 b772 — compare it with the others"
        )
    }

    @Test func scriptsSeeThePlaintextOrTheMarkers() {
        #expect(MessageFormatter.scripted(.message(self.message, isHistory: false, encryption: .decrypted)) == "[secret] bob: hello")
        #expect(
            MessageFormatter.scripted(.message(self.message, isHistory: false, encryption: .unencrypted)) == "[secret] bob: [not encrypted] hello"
        )
        var marked = self.message
        marked.text = MessageEncryption.withoutKeyMarker
        #expect(
            MessageFormatter.scripted(.message(marked, isHistory: false, encryption: .sealedWithoutKey))
                == "[secret] bob: [encrypted with a key you do not have]"
        )
    }

    @Test func directMessagesSayWhetherTheyWereEncrypted() {
        let direct = DirectMessage(from: "amy", to: "bob", text: "psst", time: 0)
        #expect(MessageFormatter.scripted(.direct(direct, encryption: .decrypted)) == "[dm] amy: psst")
        #expect(MessageFormatter.scripted(.direct(direct, encryption: .unencrypted)) == "[dm] amy: [not encrypted] psst")
        let formatter = MessageFormatter(colors: false)
        #expect(formatter.line(for: direct, encryption: .decrypted).hasSuffix("🔒 [private] amy → bob: psst"))
        #expect(formatter.line(for: direct, encryption: .unencrypted).hasSuffix("[private] amy → bob: [not encrypted] psst"))
    }

    @Test func aRotationSaysWhoLeftAndWhoMadeTheKey() {
        let rotated = RoomKeyChange.rotated(fingerprint: "1a2b 3c4d 5e6f 7a8b", by: "bob", after: ["carol"], without: [])
        #expect(MessageFormatter.scripted(.roomKey(room: "dev", rotated)) == "[dev] new room key 1a2b 3c4d 5e6f 7a8b, after carol left (from bob)")
        let removed = RoomKeyChange.rotated(fingerprint: "1a2b", by: nil, after: [], without: ["dan", "eve"])
        #expect(MessageFormatter.scripted(.roomKey(room: "dev", removed)) == "[dev] new room key 1a2b, without dan and eve (from you)")
        #expect(
            MessageFormatter.scripted(.roomKey(room: "dev", .leftOut(by: "bob")))?.hasPrefix("[dev] the room key was changed by bob without you")
                == true
        )
        #expect(
            MessageFormatter(colors: false).roomKeyNotice(room: "dev", change: rotated)
                == "🔒 #dev: new room key 1a2b 3c4d 5e6f 7a8b, after carol left (from bob)"
        )
        #expect(
            MessageFormatter.json(.roomKey(room: "dev", rotated))
                == #"{"type":"room_key","room":"dev","change":"rotated","fingerprint":"1a2b 3c4d 5e6f 7a8b","by":"bob","after":["carol"],"without":[]}"#
        )
    }
}
