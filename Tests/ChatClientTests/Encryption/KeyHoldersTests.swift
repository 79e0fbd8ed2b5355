import ChatProtocol
import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// Who holds a room's key, counted only on evidence a client can check (docs/PROTOCOL.md, "Who
/// rotates, and to whom"), and a member without the key who tries to rotate it or pass for a holder.
@Suite struct KeyHoldersTests {
    /// The holders of the room's current key, as `party` counts them.
    static func holders(_ party: Party) -> Set<IdentityPrefix> {
        party.currentKey("dev").flatMap { party.encryption.keyring.keychain(of: "dev")?.holders[$0] } ?? []
    }

    /// Whom a rekey by `party` would seal the new key to.
    static func rekeyRecipients(_ party: Party) throws -> Set<IdentityPrefix> {
        var party = party
        let shares = try party.rekey("dev")
        return Set(try shares.flatMap { try KeyShare(parsing: party.received($0, seq: 99).text).recipients })
    }

    @Test func aNewcomerFromAnInviteLinkIsAHolderOnceItsShareWithItselfProvesItHasTheKey() throws {
        var (alice, bob, carol, _) = try RoomKeySharingTests.room()
        var dave = Party("dave")
        alice.meet([dave], in: "dev")
        try dave.encryption.encrypt("dev", linkKey: try #require(alice.encryption.currentKey(of: "dev")))
        let (_, shares) = dave.settled("dev", members: ["alice", "bob", "carol", "dave"])
        _ = alice.receive(dave.received(shares[0], seq: 4))
        #expect(Self.holders(alice) == [alice.prefix, bob.prefix, carol.prefix, dave.prefix])
        #expect(try Self.rekeyRecipients(alice).contains(dave.prefix))
    }

    @Test func aHolderWhoIsNotARecipientOfAnAddCountsTheNewMemberAsAHolder() throws {
        var (alice, bob, _, _) = try RoomKeySharingTests.room()
        var dave = Party("dave")
        alice.meet([dave], in: "dev")
        let added = alice.received(try alice.add("dave", to: "dev")[0], seq: 5)
        _ = bob.receive(added)
        #expect(Self.holders(bob).contains(dave.prefix), "bob checked alice's proof with the key he holds")
        _ = dave.receive(added)
        #expect(Self.holders(dave) == [alice.prefix, dave.prefix], "dave checked it with the key his record gave")
    }

    @Test func aShareWhoseProofCannotBeCheckedHereMakesNobodyAHolder() throws {
        var (alice, _, _, _) = try RoomKeySharingTests.room()
        var erin = Party("erin")
        let other = RoomKey.random()
        try erin.encryption.encrypt("dev", linkKey: other)
        alice.meet([erin], in: "dev")
        let rotation = alice.received(try alice.rekey("dev")[0], seq: 5)
        #expect(erin.receive(rotation) == [] && erin.currentKey("dev") == other.id)
        #expect(erin.encryption.keyring.keychain(of: "dev")?.holders == [:], "erin does not hold the key it rotates from")
    }

    /// Mallory, in the room but without its key, posts a share that names the current key as the one
    /// it replaces, with a record for herself alone, and a proof she could not make with that key.
    @Test(arguments: ["of another key", "of the key handed out"])
    func aShareNamingTheCurrentKeyFromAMemberWithoutItChangesNoKeyAndMakesNobodyAHolder(proof: String) throws {
        var (alice, bob, carol, _) = try RoomKeySharingTests.room()
        let mallory = Party("mallory")
        var erin = Party("erin")
        try erin.encryption.encrypt("dev", linkKey: RoomKey.random())
        alice.meet([mallory], in: "dev")
        let current = try #require(alice.currentKey("dev"))
        let forged = try Self.share(from: mallory, naming: current, provenWith: proof == "of another key" ? RoomKey.random() : nil)
        let message = mallory.received(.share(Say(id: "m-key1", room: "dev", text: forged)), seq: 7)
        for party in [alice, bob, carol, erin] {
            var after = party
            #expect(after.receive(message) == [], "\(party.name) is told nothing")
            #expect(after.encryption.keyring == party.encryption.keyring, "\(party.name): the same current key, the same holders")
        }
        // Alice's next key goes to the holders she knew before, who all still hold the current key.
        _ = alice.receive(message)
        #expect(try Self.rekeyRecipients(alice) == [alice.prefix, bob.prefix, carol.prefix], "mallory gets no new key")
    }

    /// A share by `sender` of a new key to itself alone, whose previous key id says `current`: proven
    /// with `proven` (a key that is not `current`), or with the new key (as a distribution would be).
    static func share(from sender: Party, naming current: KeyID, provenWith proven: RoomKey?) throws -> String {
        let own = KeyShare.Recipient(identityKey: sender.identity.publicKey, box: sender.identity.sealingKey.box)
        let share = KeyShare.seal(RoomKey.random(), previous: proven, room: "dev", sender: sender.identity.publicKey, id: "m-key1", to: [own])
        var bytes = try #require(Base64URL.decode(share.text.dropFirst(SealedPrefix.share.count)))
        bytes.replaceSubrange(KeyID.byteCount..<2 * KeyID.byteCount, with: current.bytes)
        return SealedPrefix.share + Base64URL.encode(bytes)
    }
}
