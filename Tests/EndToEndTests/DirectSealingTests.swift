import ChatProtocol
import Identity
import Testing

@testable import EndToEnd

/// Sealing keys and `e2d2:` direct messages against the vectors.
@Suite struct DirectSealingTests {
    static let people = Vectors.all.people

    @Test(arguments: Vectors.all.people.indices)
    func eachSeedGivesTheVectorsIdentityAndSignedBox(number: Int) throws {
        let person = Self.people[number]
        let sealing = person.identity.sealingKey
        #expect(person.identity.publicKey.text == person.key)
        #expect(Base64URL.encode(sealing.box.publicKey) == person.boxPublic && sealing.box.text == person.box)
        #expect(sealing.box.isSigned(by: person.identityKey))
    }

    @Test func aBoxWithAnotherKeysSignatureIsNotTheirs() throws {
        let box = try #require(SignedBox(text: Vectors.all.badBox))
        #expect(!box.isSigned(by: Self.people[0].identityKey) && !box.isSigned(by: Self.people[1].identityKey))
        #expect(SignedBox(text: String(Vectors.all.badBox.dropLast(4))) == nil)
    }

    @Test(arguments: Vectors.all.directs)
    func sealingWithTheVectorsNonceGivesTheirWireAndTheRecipientOpensIt(vector: Vectors.Direct) throws {
        let (sender, recipient) = (Self.people[vector.sender], Self.people[vector.recipient])
        let pairKey = try #require(
            SealedDirect.pairKey(own: sender.identity.sealingKey, other: recipient.identityKey, otherBox: Base64URL.decode(recipient.boxPublic)!)
        )
        #expect(pairKey.withUnsafeBytes { Base64URL.encode(Array($0)) } == vector.pairKey)
        let wire = try SealedDirect.seal(
            try #require(vector.plaintext),
            id: vector.id,
            from: sender.identity.sealingKey,
            to: recipient.identityKey,
            box: try #require(SignedBox(text: recipient.box)),
            nonce: try #require(Base64URL.decode(vector.nonce))
        )
        #expect(wire == vector.wire)
        let opened = try SealedDirect.open(vector.wire, id: vector.id, sender: sender.identityKey, reader: recipient.identity.sealingKey)
        #expect(opened.text == vector.plaintext && opened.senderBox.text == sender.box)
    }

    @Test(arguments: Vectors.all.directRejections)
    func aDirectMessageForAnotherIdReaderOrSenderOrChangedDoesNotOpen(vector: Vectors.Direct) {
        #expect(throws: EndToEndError.self) {
            try SealedDirect.open(
                vector.wire,
                id: vector.id,
                sender: Self.people[vector.sender].identityKey,
                reader: Self.people[vector.recipient].identity.sealingKey
            )
        }
    }

    @Test func aBoxNotSignedByTheRecipientIsNotSealedTo() {
        let (amy, bob) = (Identity(), Identity())
        #expect(SealedDirect.seal("hi", id: "1", from: amy.sealingKey, to: bob.publicKey, box: amy.sealingKey.box) == nil)
        #expect(SealedDirect.seal("hi", id: "1", from: amy.sealingKey, to: bob.publicKey, box: bob.sealingKey.box) != nil)
    }
}
