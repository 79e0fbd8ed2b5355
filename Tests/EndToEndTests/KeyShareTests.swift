import ChatProtocol
import Crypto
import Identity
import Testing

@testable import EndToEnd

/// `e2k2:` shares against the vectors: sealed byte for byte, opened by each recipient, refused otherwise.
@Suite struct KeyShareTests {
    static let people = Vectors.all.people

    /// A key id the vectors name in hex: none, or one of their keys'.
    static func keyID(hex: String) -> KeyID? {
        hex == KeyID.none.hex ? KeyID.none : Vectors.all.keys.compactMap { RoomKey(text: $0.key)?.id }.first { $0.hex == hex }
    }

    static func recipient(_ number: Int) -> KeyShare.Recipient {
        KeyShare.Recipient(identityKey: Self.people[number].identityKey, box: SignedBox(text: Self.people[number].box)!)
    }

    @Test(arguments: Vectors.all.shares)
    func sealingWithTheVectorsEphemeralKeyGivesTheirWire(vector: Vectors.Share) throws {
        let seed = vector.why.contains("rotation") ? "ephemeral 1" : "ephemeral 0"
        let ephemeral = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Vectors.fixed(seed, 32))
        let share = KeyShare.seal(
            try #require(RoomKey(text: vector.key)),
            previous: try #require(Self.keyID(hex: vector.previous)),
            room: vector.room,
            sender: Self.people[vector.sender].identityKey,
            to: vector.recipients.map(Self.recipient),
            ephemeral: ephemeral
        ) { number in Vectors.fixed("\(seed) nonce \(number)", 12) }
        #expect(share.text == vector.wire)
    }

    @Test(arguments: Vectors.all.shares)
    func eachRecipientOpensTheKeyAndOthersFindNoRecord(vector: Vectors.Share) throws {
        let share = try KeyShare(parsing: vector.wire)
        #expect(share.keyID.hex == vector.keyId && share.previous.hex == vector.previous && share.text == vector.wire)
        #expect(share.recipients == vector.recipients.map { IdentityPrefix(Self.people[$0].identityKey) })
        for (number, person) in Self.people.enumerated() {
            let key = try share.open(room: vector.room, sender: Self.people[vector.sender].identityKey, for: person.identity.sealingKey)
            #expect(key?.text == (vector.recipients.contains(number) ? vector.key : nil), "person \(number)")
        }
    }

    @Test(arguments: Vectors.all.shareRejections)
    func aShareForSomeoneElseMovedClaimedOrChangedGivesTheReaderNoKey(vector: Vectors.Share) throws {
        let reader = Self.people[try #require(vector.reader)].identity.sealingKey
        let key = try? KeyShare(parsing: vector.wire).open(room: vector.room, sender: Self.people[vector.sender].identityKey, for: reader)
        #expect(key == nil)
    }

    @Test func aShareHoldsAsManyRecordsAsTheLimitAllowsAndMoreAreSplit() throws {
        #expect(KeyShare.maxRecipients(forMessageBytes: 65_536) == 722)
        let people = (0..<25).map { _ in Identity() }
        let recipients = people.map { KeyShare.Recipient(identityKey: $0.publicKey, box: $0.sealingKey.box) }
        let key = RoomKey.random()
        let previous = RoomKey.random().id
        let shares = KeyShare.sealAll(key, previous: previous, room: "big", sender: people[0].publicKey, to: recipients, messageBytes: 1000)
        #expect(KeyShare.maxRecipients(forMessageBytes: 1000) == 10)
        #expect(shares.map(\.records.count) == [10, 10, 5])
        for share in shares {
            #expect(share.text.utf8.count <= 1000 && share.keyID == key.id && share.previous == previous)
        }
        for (number, person) in people.enumerated() {
            let share = shares[number / 10]
            #expect(try share.open(room: "big", sender: people[0].publicKey, for: person.sealingKey) == key)
        }
    }
}
