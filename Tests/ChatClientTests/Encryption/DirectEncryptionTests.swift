import ChatProtocol
import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// Direct messages sealed between two people's sealing keys, and what the reader makes of others.
@Suite struct DirectEncryptionTests {
    @Test func aMessageToSomeoneWhoseBoxIsKnownIsSealedAndTheReaderLearnsTheSendersBox() throws {
        var (alice, bob) = (Party("alice"), Party("bob"))
        #expect(!alice.encryption.canSeal(to: "bob"), "never met")
        alice.meet([bob], in: "lobby")
        #expect(alice.encryption.canSeal(to: "BOB"), "names regardless of case")
        let sealed = try #require(alice.encryption.sealDirect("just between us", to: "bob", id: "d1"))
        #expect(sealed.hasPrefix("e2d2:") && !sealed.contains("between"))
        let received = DirectMessage(from: "alice", to: "bob", text: sealed, time: 0, id: "d1", key: alice.identity.publicKey.text)
        let opened = bob.encryption.open(received)
        #expect(opened.message.text == "just between us" && opened.encryption == .decrypted)
        #expect(bob.encryption.canSeal(to: "alice"), "bob shares no room with alice, and can answer sealed")
    }

    @Test func aClearDirectMessageIsMarkedAndOneForAnotherIdOrReaderDoesNotOpen() throws {
        var (alice, bob, carol) = (Party("alice"), Party("bob"), Party("carol"))
        alice.meet([bob], in: "lobby")
        #expect(bob.encryption.open(DirectMessage(from: "x", to: "bob", text: "hi", time: 0)).encryption == .unencrypted)
        let sealed = try #require(alice.encryption.sealDirect("psst", to: "bob", id: "d1"))
        let key = alice.identity.publicKey.text
        let cases = [
            (bob, DirectMessage(from: "alice", to: "bob", text: sealed, time: 0, id: "d2", key: key)),
            (carol, DirectMessage(from: "alice", to: "carol", text: sealed, time: 0, id: "d1", key: key)),
            (bob, DirectMessage(from: "mallory", to: "bob", text: sealed, time: 0, id: "d1", key: Identity().publicKey.text)),
            (bob, DirectMessage(from: "alice", to: "bob", text: sealed, time: 0, id: "d1")),
        ]
        for (reader, message) in cases {
            var reader = reader
            let opened = reader.encryption.open(message)
            #expect(opened.encryption == .undecryptable && opened.message.text == MessageEncryption.cannotDecryptMarker)
        }
    }

    @Test func aBoxItsKeyDidNotSignIsNeverUsed() {
        var alice = Party("alice")
        let bob = Party("bob")
        let forged = Presence(
            room: "lobby",
            seq: 1,
            event: .joined,
            name: "bob",
            key: bob.identity.publicKey.text,
            box: Identity().sealingKey.box.text
        )
        alice.encryption.receive(forged, members: [], now: .now)
        #expect(!alice.encryption.canSeal(to: "bob"))
        #expect(Encryption(identity: nil).canSeal(to: "bob") == false)
    }
}
