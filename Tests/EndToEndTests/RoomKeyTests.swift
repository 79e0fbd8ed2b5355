import Testing

@testable import EndToEnd

@Suite struct RoomKeyTests {
    @Test(arguments: Vectors.all.keys)
    func keysAndFingerprintsMatchTheVectors(vector: Vectors.Key) throws {
        let key = try DerivedKeys.key(passphrase: vector.passphrase, room: vector.room, iterations: vector.iterations)
        #expect(key.bytes.hex == vector.keyHex)
        #expect(key.fingerprint == vector.fingerprint)
        #expect(key.room == vector.room)
    }

    @Test func theVectorsAreForThisScheme() {
        #expect(Vectors.all.scheme == "e2e1")
        #expect(Vectors.all.prefix == SealedText.prefix)
        #expect(Vectors.all.iterations == RoomKey.defaultIterations)
        #expect(Vectors.all.keys.count == 5 && Vectors.all.messages.count == 4 && Vectors.all.rejections.count == 8)
    }

    @Test func aPassphraseTypedDecomposedGivesTheSameKey() throws {
        let composed = try RoomKey(passphrase: "caf\u{E9}", room: "r", iterations: 10)
        let decomposed = try RoomKey(passphrase: "cafe\u{301}", room: "r", iterations: 10)
        #expect(composed.fingerprint == decomposed.fingerprint)
    }

    @Test func eachRoomGetsItsOwnKeyFromOnePassphrase() throws {
        let first = try RoomKey(passphrase: "same", room: "one", iterations: 10)
        let second = try RoomKey(passphrase: "same", room: "two", iterations: 10)
        #expect(first.fingerprint != second.fingerprint)
    }

    @Test func anEmptyPassphraseIsRefused() {
        #expect(throws: EndToEndError.self) { try RoomKey(passphrase: "", room: "lobby", iterations: 10) }
    }
}
