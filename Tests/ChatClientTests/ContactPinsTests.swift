import ChatClient
import Identity
import Testing

@Suite struct ContactPinsTests {
    let alice = Identity().publicKey
    let impostor = Identity().publicKey

    @Test func theFirstKeyIsPinnedThenVerifiedAndAnotherIsAChangeUntilAccepted() {
        var pins = ContactPins()
        #expect(pins.check("Alice", key: self.alice) == .firstSeen(fingerprint: self.alice.fingerprint))
        #expect(pins.check("alice", key: self.alice) == .verified(contactVerified: false), "names regardless of case")
        #expect(pins.check("alice", key: self.impostor) == .keyChanged(pinned: self.alice.fingerprint, now: self.impostor.fingerprint, wasVerified: false))
        #expect(pins.pin(of: "alice")?.key == self.alice, "a changed key does not replace the pin by itself")
        #expect(pins.currentKey(of: "alice") == self.impostor, "the safety number to compare is the new key's")
        let accepted = pins.accept("alice")
        #expect(accepted)
        #expect(pins.check("alice", key: self.impostor) == .verified(contactVerified: false))
        let again = pins.accept("alice")
        #expect(!again, "nothing offered any more")
    }

    @Test func aVerifiedContactStaysVerifiedOnlyForTheKeyThatWasCompared() {
        var pins = ContactPins()
        _ = pins.check("alice", key: self.alice)
        let marked = pins.markVerified("alice")
        #expect(marked)
        #expect(pins.check("alice", key: self.alice) == .verified(contactVerified: true))
        #expect(pins.check("alice", key: self.impostor) == .keyChanged(pinned: self.alice.fingerprint, now: self.impostor.fingerprint, wasVerified: true))
        let markedAgain = pins.markVerified("alice")
        #expect(markedAgain, "comparing the new key's number verifies it")
        #expect(pins.check("alice", key: self.impostor) == .verified(contactVerified: true))
        let nobody = pins.markVerified("nobody")
        #expect(!nobody)
    }

    @Test func pinsSurviveTheirFileAndUnreadableLinesAreSkipped() {
        var pins = ContactPins()
        _ = pins.check("Zoë 🦊", key: self.alice)
        _ = pins.check("bob", key: self.impostor)
        pins.markVerified("bob")
        let text = (pins.lines + ["garbage", "x notakey seen"]).joined(separator: "\n")
        let read = ContactPins(lines: text.split(separator: "\n"))
        #expect(read == pins)
        #expect(read.pin(of: "zoë 🦊")?.key == self.alice && read.pin(of: "BOB")?.verified == true)
    }
}
