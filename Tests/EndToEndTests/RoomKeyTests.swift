import ChatProtocol
import Testing

@testable import EndToEnd

/// Key ids, fingerprints and passphrase keys, against the vectors.
@Suite struct RoomKeyTests {
    @Test func theVectorsAreTheSchemeOfTheProtocol() {
        #expect(Vectors.all.scheme == "e2e2" && Vectors.all.iterations == RoomKey.defaultIterations)
    }

    @Test(arguments: Vectors.all.keys)
    func eachKeyHasTheIdAndFingerprintOfTheVectors(vector: Vectors.Key) throws {
        let salt = try #require(Base64URL.decode(vector.salt))
        let key: RoomKey
        if let passphrase = vector.passphrase {
            key = try RoomKey(passphrase: passphrase, salt: salt, iterations: try #require(vector.iterations))
            #expect(key.text == vector.key, "PBKDF2 of the NFC-normalized passphrase")
        } else {
            key = try #require(RoomKey(text: vector.key))
        }
        #expect(key.id.hex == vector.keyId && key.fingerprint == vector.fingerprint && key.salt == salt)
    }

    @Test func randomKeysAreNewEachTimeAndHaveNoSalt() {
        let (one, other) = (RoomKey.random(), RoomKey.random())
        #expect(one != other && one.id != other.id && one.salt.isEmpty && one.bytes.count == 32)
        #expect(RoomKey.randomSalt() != RoomKey.randomSalt() && RoomKey.randomSalt().count == 16)
    }

    @Test func aKeyOfTheWrongSizeOrSaltIsNone() {
        #expect(RoomKey(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(RoomKey(bytes: [UInt8](repeating: 1, count: 32), salt: [UInt8](repeating: 1, count: 5)) == nil)
        #expect(throws: EndToEndError.self) { try RoomKey(passphrase: "", salt: RoomKey.randomSalt(), iterations: 1) }
    }

    @Test func aKeyIsNeverPrintedOnlyItsFingerprint() {
        let key = RoomKey.random()
        #expect("\(key)" == "room key \(key.fingerprint)" && !"\(key)".contains(key.text))
    }

    @Test(arguments: Vectors.all.weakPassphrases)
    func weakPassphrasesAreTheOnesTheVectorsCallWeak(vector: Vectors.Passphrase) {
        #expect(PassphraseStrength.isWeak(vector.passphrase) == vector.weak)
    }
}
