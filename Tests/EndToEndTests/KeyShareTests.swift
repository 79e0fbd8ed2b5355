import ChatProtocol
import Crypto
import Identity
import Testing

@testable import EndToEnd

/// `e2k2:` shares against the vectors: sealed byte for byte, opened by each recipient, proven to every
/// holder of the proven key, refused otherwise.
@Suite struct KeyShareTests {
    static let people = Vectors.all.people

    /// A key the vectors name by its id in hex: `nil` for none.
    static func key(hex: String) -> RoomKey? {
        Vectors.all.keys.compactMap { RoomKey(text: $0.key) }.first { $0.id.hex == hex }
    }

    static func recipient(_ number: Int) -> KeyShare.Recipient {
        KeyShare.Recipient(identityKey: Self.people[number].identityKey, box: SignedBox(text: Self.people[number].box)!)
    }

    /// What `reader` makes of the vector's share holding `held` (by default the key it replaces, as
    /// every member of the vectors' room does).
    static func read(_ vector: Vectors.Share, by reader: Int, holding held: [RoomKey]? = nil) throws -> KeyShare.Reading {
        let held = held ?? Self.key(hex: vector.previous).map { [$0] } ?? []
        return try KeyShare(parsing: vector.wire).read(
            room: vector.room,
            sender: Self.people[vector.sender].identityKey,
            id: vector.id,
            for: Self.people[reader].identity.sealingKey
        ) { id in held.first { $0.id == id } }
    }

    @Test(arguments: Vectors.all.shares)
    func sealingWithTheVectorsEphemeralKeyGivesTheirWire(vector: Vectors.Share) throws {
        let seed = vector.why.contains("rotation") ? "ephemeral 1" : "ephemeral 0"
        let ephemeral = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Vectors.fixed(seed, 32))
        let share = KeyShare.seal(
            try #require(RoomKey(text: vector.key)),
            previous: Self.key(hex: vector.previous),
            room: vector.room,
            sender: Self.people[vector.sender].identityKey,
            id: vector.id,
            to: vector.recipients.map(Self.recipient),
            ephemeral: ephemeral
        ) { number in Vectors.fixed("\(seed) nonce \(number)", 12) }
        #expect(share.proof == Vectors.bytes(hex: vector.proof))
        #expect(share.text == vector.wire)
    }

    @Test(arguments: Vectors.all.shares)
    func eachRecipientOpensTheKeyAndEveryHolderOfTheProvenKeyChecksTheProof(vector: Vectors.Share) throws {
        let share = try KeyShare(parsing: vector.wire)
        #expect(share.keyID.hex == vector.keyId && share.previous.hex == vector.previous && share.text == vector.wire)
        #expect(share.proof == Vectors.bytes(hex: vector.proof))
        #expect(share.recipients == vector.recipients.map { IdentityPrefix(Self.people[$0].identityKey) })
        for number in Self.people.indices {
            let reading = try Self.read(vector, by: number)
            #expect(reading.key?.text == (vector.recipients.contains(number) ? vector.key : nil), "person \(number)")
            // A distribution proves the key it hands out: only who got it can check.
            #expect(reading.isProven == (vector.previous != KeyID.none.hex || vector.recipients.contains(number)), "person \(number)")
        }
    }

    @Test func aHolderWithoutARecordChecksTheProofAndAMemberWithoutTheProvenKeyCannot() throws {
        let (first, rotation) = (Vectors.all.shares[0], Vectors.all.shares[1])
        let firstKey = try #require(RoomKey(text: first.key))
        let carol = try Self.read(first, by: 2, holding: [firstKey])
        #expect(carol.key == nil && carol.isProven, "carol holds the key handed out")
        #expect(try Self.read(first, by: 2, holding: []).isProven == false)
        let alice = try Self.read(rotation, by: 0, holding: [])
        #expect(alice.key?.text == rotation.key && !alice.isProven, "without the key it replaces, nothing to check it with")
    }

    @Test(arguments: Vectors.all.shareRejections)
    func aShareForSomeoneElseMovedClaimedChangedOrWronglyProvenGivesTheReaderNoKey(vector: Vectors.Share) throws {
        let reader = try #require(vector.reader)
        #expect((try? Self.read(vector, by: reader))?.key == nil)
        guard vector.why.contains("proof") else { return }
        // The record is intact: the proof alone refuses the share, whole.
        let share = try KeyShare(parsing: vector.wire)
        #expect(
            try share.open(room: vector.room, sender: Self.people[vector.sender].identityKey, for: Self.people[reader].identity.sealingKey) != nil
        )
        #expect(throws: EndToEndError.self) { try Self.read(vector, by: reader) }
    }

    @Test func aShareHoldsAsManyRecordsAsTheLimitAllowsAndMoreAreSplitEachWithItsOwnID() throws {
        #expect(KeyShare.maxRecipients(forMessageBytes: 65_536) == 721)
        let people = (0..<25).map { _ in Identity() }
        let recipients = people.map { KeyShare.Recipient(identityKey: $0.publicKey, box: $0.sealingKey.box) }
        let key = RoomKey.random()
        let previous = RoomKey.random()
        var counter = 0
        let shares = KeyShare.sealAll(key, previous: previous, room: "big", sender: people[0].publicKey, to: recipients, messageBytes: 1000) {
            counter += 1
            return "k\(counter)"
        }
        #expect(KeyShare.maxRecipients(forMessageBytes: 1000) == 10)
        #expect(shares.map(\.share.records.count) == [10, 10, 5] && shares.map(\.id) == ["k1", "k2", "k3"])
        for (id, share) in shares {
            #expect(share.text.utf8.count <= 1000 && share.keyID == key.id && share.previous == previous.id)
            #expect(share.proves(previous, room: "big", sender: people[0].publicKey, id: id))
        }
        for (number, person) in people.enumerated() {
            let (id, share) = shares[number / 10]
            let reading = try share.read(room: "big", sender: people[0].publicKey, id: id, for: person.sealingKey) {
                $0 == previous.id ? previous : nil
            }
            #expect(reading == KeyShare.Reading(key: key, isProven: true))
        }
    }
}
