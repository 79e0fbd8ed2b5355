import Testing

@testable import EndToEnd

@Suite struct SealingTests {
    @Test(arguments: Vectors.all.messages)
    func sealingWithTheVectorsNonceGivesExactlyItsWireText(vector: Vectors.Message) throws {
        let key = try DerivedKeys.key(passphrase: vector.passphrase, room: vector.room, iterations: vector.iterations)
        #expect(try key.seal(vector.plaintext, sender: vector.sender, nonce: [UInt8](hex: vector.nonceHex)) == vector.wire)
    }

    @Test(arguments: Vectors.all.messages)
    func openingTheVectorsWireTextGivesItsPlaintext(vector: Vectors.Message) throws {
        let key = try DerivedKeys.key(passphrase: vector.passphrase, room: vector.room, iterations: vector.iterations)
        #expect(SealedText.isSealed(vector.wire))
        #expect(try key.open(vector.wire, sender: vector.sender) == vector.plaintext)
    }

    @Test(arguments: Vectors.all.rejections)
    func everyRejectionFailsToOpen(vector: Vectors.Rejection) throws {
        let key = try DerivedKeys.key(passphrase: vector.passphrase, room: vector.room, iterations: vector.iterations)
        let error = #expect(throws: EndToEndError.self) { try key.open(vector.wire, sender: vector.sender) }
        #expect(error?.reason.isEmpty == false)
    }

    @Test(arguments: Vectors.all.notSealed)
    func textsWithoutThePrefixAreNotSealed(text: String) throws {
        #expect(!SealedText.isSealed(text))
        let key = try DerivedKeys.key(passphrase: "x", room: "a", iterations: 1)
        #expect(throws: EndToEndError.self) { try key.open(text, sender: "anyone") }
    }

    @Test func everySealUsesAFreshNonce() throws {
        let key = try DerivedKeys.key(passphrase: "x", room: "a", iterations: 1)
        let first = try key.seal("same words", sender: "amy")
        let second = try key.seal("same words", sender: "amy")
        #expect(first != second)
        #expect(try key.open(first, sender: "amy") == "same words")
        #expect(try key.open(second, sender: "amy") == "same words")
    }

    @Test func theLargestAllowedPlaintextFillsTheServersLimitExactly() throws {
        let key = try DerivedKeys.key(passphrase: "x", room: "a", iterations: 1)
        for limit in [65_536, 1_000, 100] + Array(43...48) {
            let most = SealedText.maxPlaintextBytes(forMessageBytes: limit)
            #expect(try key.seal(String(repeating: "a", count: most), sender: "amy").utf8.count <= limit)
            #expect(try key.seal(String(repeating: "a", count: most + 1), sender: "amy").utf8.count > limit)
        }
        #expect(SealedText.maxPlaintextBytes(forMessageBytes: 65_536) == 49_120)
    }
}
