import ChatProtocol
import Identity
import Testing

@testable import EndToEnd

/// `e2e2:` texts against the vectors: sealed byte for byte, opened, and every changed one refused.
@Suite struct RoomSealingTests {
    @Test(arguments: Vectors.all.messages)
    func sealingWithTheVectorsNonceGivesTheirWireAndOpeningGivesThePlaintext(vector: Vectors.Message) throws {
        let plaintext = try #require(vector.plaintext)
        let nonce = try #require(vector.nonce.flatMap { Base64URL.decode($0) })
        #expect(try vector.roomKey.seal(plaintext, context: vector.context, nonce: nonce) == vector.wire)
        #expect(try vector.roomKey.open(vector.wire, context: vector.context) == plaintext)
        let parsed = try SealedRoomText(parsing: vector.wire)
        #expect(parsed.keyID == vector.roomKey.id && parsed.salt == vector.roomKey.salt && parsed.text == vector.wire)
    }

    @Test(arguments: Vectors.all.rejections)
    func aReplayedMovedRetypedOrChangedTextDoesNotOpen(vector: Vectors.Message) {
        #expect(throws: EndToEndError.self) { try vector.roomKey.open(vector.wire, context: vector.context) }
    }

    @Test(arguments: Vectors.all.notSealed)
    func textsWithoutThePrefixAreNotSealed(text: String) {
        #expect(!SealedRoomText.isSealed(text) && !SealedDirect.isSealed(text) && !SealedPrefix.isSealed(Array(text.utf8)))
        #expect(throws: EndToEndError.self) { try SealedRoomText(parsing: text) }
    }

    @Test func aFreshSealUsesAFreshNonce() throws {
        let key = RoomKey.random()
        let context = RoomSealContext(room: "dev", sender: Identity().publicKey, kind: .message, id: "1")
        let (one, other) = (key.seal("hi", context: context), key.seal("hi", context: context))
        #expect(one != other)
        #expect(try key.open(one, context: context) == "hi")
        #expect(try key.open(other, context: context) == "hi")
    }

    @Test func theLimitLeavesRoomForWhatSealingAdds() throws {
        #expect(SealedRoomText.maxPlaintextBytes(forMessageBytes: 65_536, passphrase: false) == 49_111)
        #expect(SealedRoomText.maxPlaintextBytes(forMessageBytes: 65_536, passphrase: true) == 49_095)
        let key = try RoomKey(passphrase: "a long passphrase for tests", salt: RoomKey.randomSalt(), iterations: 1)
        let context = RoomSealContext(room: "dev", sender: Identity().publicKey, kind: .action, id: "x")
        let most = String(repeating: "a", count: SealedRoomText.maxPlaintextBytes(forMessageBytes: 1000, passphrase: true))
        #expect(key.seal(most, context: context).utf8.count <= 1000)
        #expect(key.seal(most + "aaa", context: context).utf8.count > 1000)
    }
}
