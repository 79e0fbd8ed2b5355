import ChatProtocol
import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// Keys made, shared, rotated and added among several members, in the order a relay would deliver
/// the shares: the rules of docs/PROTOCOL.md, "Key shares", without a server.
@Suite struct RoomKeySharingTests {
    /// Alice encrypts `dev` with a new key while bob and carol are there: all three hold it.
    static func room() throws -> (alice: Party, bob: Party, carol: Party, seq: UInt64) {
        var (alice, bob, carol) = (Party("alice"), Party("bob"), Party("carol"))
        let everyone = [alice, bob, carol]
        alice.meet(everyone, in: "dev")
        bob.meet(everyone, in: "dev")
        carol.meet(everyone, in: "dev")
        try alice.encryption.encryptNew("dev")
        let (_, shares) = alice.settled("dev", members: ["alice", "bob", "carol"])
        #expect(shares.count == 1)
        let share = alice.received(shares[0], seq: 1)
        #expect(bob.receive(share) == [.encrypted(room: "dev", fingerprint: alice.encryption.currentKey(of: "dev")!.fingerprint)])
        _ = carol.receive(share)
        _ = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 1, time: 0))
        return (alice, bob, carol, 1)
    }

    @Test func aNewKeyGoesToTheMembersWhoseSealingKeysAreKnownAndEachHoldsIt() throws {
        let (alice, bob, carol, _) = try Self.room()
        let key = try #require(alice.currentKey("dev"))
        #expect(bob.currentKey("dev") == key && carol.currentKey("dev") == key)
        let holders = try #require(alice.encryption.keyring.keychain(of: "dev")?.holders[key])
        #expect(holders == [alice.prefix, bob.prefix, carol.prefix])
    }

    @Test func anOwnNewKeySealsOnlyOnceItsAckShowsItWon() throws {
        var (alice, bob, _, _) = try Self.room()
        let old = alice.currentKey("dev")
        let shares = try alice.rekey("dev")
        #expect(alice.currentKey("dev") == old, "not before its ack")
        let events = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 2, time: 0))
        guard case .roomKey("dev", .rotated(let fingerprint, nil, [], [])) = events.first else { return #expect(Bool(false), "\(events)") }
        #expect(alice.currentKey("dev") != old && alice.currentKey("dev")?.fingerprint == fingerprint)
        let received = bob.receive(alice.received(shares[0], seq: 2))
        #expect(received == [.roomKey(room: "dev", .rotated(fingerprint: fingerprint, by: "alice", after: [], without: []))])
        #expect(bob.currentKey("dev") == alice.currentKey("dev"))
    }

    @Test func ofTwoRotationsAtOnceTheFirstInTheRoomsOrderWinsForEveryone() throws {
        var (alice, bob, carol, _) = try Self.room()
        let fromAlice = try alice.rekey("dev")
        let fromBob = try bob.rekey("dev")
        // The relay sequences bob's share first (seq 2), then alice's (seq 3).
        let bobsShare = bob.received(fromBob[0], seq: 2)
        let alicesShare = alice.received(fromAlice[0], seq: 3)
        _ = bob.encryption.acknowledged(Ack(id: fromBob[0].shareID!, room: "dev", seq: 2, time: 0))
        _ = alice.receive(bobsShare)
        #expect(alice.encryption.acknowledged(Ack(id: fromAlice[0].shareID!, room: "dev", seq: 3, time: 0)) == [], "lost: nothing to tell")
        _ = bob.receive(alicesShare)
        _ = carol.receive(bobsShare)
        _ = carol.receive(alicesShare)
        let winner = try #require(bob.currentKey("dev"))
        #expect(alice.currentKey("dev") == winner && carol.currentKey("dev") == winner)
        #expect(winner == (try KeyShare(parsing: bobsShare.text)).keyID)
    }

    @Test func whenAHolderLeavesTheFirstByRankRotatesAtOnceTheNextLaterAndTheLeaverGetsNothing() throws {
        var (alice, bob, carol, _) = try Self.room()
        let now = ContinuousClock.now
        let old = alice.currentKey("dev")
        let scheduled = [
            alice.encryption.receive(carol.left("dev", asked: true), members: ["alice", "bob"], now: now),
            bob.encryption.receive(carol.left("dev", asked: true), members: ["alice", "bob"], now: now),
        ]
        #expect(scheduled == [true, true])
        var (first, second) = alice.prefix < bob.prefix ? (alice, bob) : (bob, alice)
        #expect(first.encryption.schedule.nextDue == now)
        #expect(second.encryption.schedule.nextDue == now + .seconds(2))
        #expect(second.dueRotations(now: now) == [], "not its turn yet")
        let shares = first.dueRotations(now: now)
        let share = try KeyShare(parsing: first.received(shares[0], seq: 3).text)
        #expect(Set(share.recipients) == [alice.prefix, bob.prefix] && share.previous == old, "without carol")
        _ = first.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 3, time: 0))
        let told = second.receive(first.received(shares[0], seq: 3))
        #expect(told == [.roomKey(room: "dev", .rotated(fingerprint: share.keyID.fingerprint, by: first.name, after: ["carol"], without: []))])
        #expect(second.encryption.schedule.nextDue == nil, "a rotation came: no second one")
        #expect(second.dueRotations(now: now + .seconds(5)) == [])
        #expect(carol.receive(first.received(shares[0], seq: 3)) == [.roomKey(room: "dev", .leftOut(by: first.name))])
        #expect(carol.currentKey("dev") == nil)
    }

    @Test(arguments: [false, true])
    func aDroppedConnectionAGatewayFailureOrANonHolderLeavingRotatesNothing(holderLeaves: Bool) throws {
        var (alice, _, carol, _) = try Self.room()
        let dave = Party("dave")
        alice.meet([dave], in: "dev")
        let leaver = holderLeaves ? carol : dave
        let scheduled = alice.encryption.receive(leaver.left("dev", asked: !holderLeaves), members: ["alice", "bob"], now: .now)
        #expect(!scheduled)
        #expect(alice.encryption.schedule.nextDue == nil)
    }

    @Test func removingAMemberRotatesWithoutThemAndTheRemoverIsToldWhom() throws {
        var (alice, bob, carol, _) = try Self.room()
        let shares = try alice.remove("carol", from: "dev")
        let share = try KeyShare(parsing: alice.received(shares[0], seq: 2).text)
        #expect(Set(share.recipients) == [alice.prefix, bob.prefix])
        let events = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 2, time: 0))
        #expect(events == [.roomKey(room: "dev", .rotated(fingerprint: share.keyID.fingerprint, by: nil, after: [], without: ["carol"]))])
        _ = bob.receive(alice.received(shares[0], seq: 2))
        _ = carol.receive(alice.received(shares[0], seq: 2))
        #expect(bob.currentKey("dev") == share.keyID && carol.currentKey("dev") == nil)
    }

    @Test func aNewKeyForMoreMembersThanAShareHoldsIsSplitAndTheFirstAckRotates() throws {
        var (alice, bob, _, _) = try Self.room()
        var others = (0..<6).map { Party("m\($0)") }
        alice.meet(others, in: "dev")
        // Each of them is given the current key (one share each, say by /add).
        for index in others.indices {
            let shares = try alice.add(others[index].name, to: "dev")
            _ = others[index].receive(alice.received(shares[0], seq: 10 + UInt64(index)))
            _ = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 10 + UInt64(index), time: 0))
        }
        // 400 bytes hold 3 records: 9 holders need 3 shares.
        let shares = try alice.rekey("dev", messageBytes: 400)
        let parsed = try shares.map { try KeyShare(parsing: alice.received($0, seq: 20).text) }
        #expect(parsed.map(\.records.count) == [3, 3, 3] && Set(parsed.map(\.keyID)).count == 1)
        #expect(parsed.allSatisfy { $0.text.utf8.count <= 400 })
        let first = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 20, time: 0))
        #expect(first.count == 1 && alice.currentKey("dev") == parsed[0].keyID)
        #expect(alice.encryption.acknowledged(Ack(id: shares[1].shareID!, room: "dev", seq: 21, time: 0)) == [])
        for (number, share) in shares.enumerated() { _ = bob.receive(alice.received(share, seq: 20 + UInt64(number))) }
        #expect(bob.currentKey("dev") == parsed[0].keyID)
    }

    @Test func addingAMemberGivesThemTheCurrentKeyAndTheAdderIsToldAtTheAck() throws {
        var (alice, _, _, _) = try Self.room()
        var dave = Party("dave")
        alice.meet([dave], in: "dev")
        let shares = try alice.add("dave", to: "dev")
        #expect(try KeyShare(parsing: alice.received(shares[0], seq: 5).text).recipients == [dave.prefix])
        #expect(dave.receive(alice.received(shares[0], seq: 5)).count == 1 && dave.currentKey("dev") == alice.currentKey("dev"))
        let told = alice.encryption.acknowledged(Ack(id: shares[0].shareID!, room: "dev", seq: 5, time: 0))
        #expect(told == [.roomKey(room: "dev", .added(to: "dave", fingerprint: alice.currentKey("dev")!.fingerprint))])
        #expect(throws: EncryptionProblem.self) { try alice.add("nobody", to: "dev") }
    }

    @Test func aKeyFromAnInviteLinkIsSharedWithItselfOnceUnlessTheHistoryShowsANewerOne() throws {
        let (alice, _, _, _) = try Self.room()
        let linkKey = try #require(alice.encryption.currentKey(of: "dev"))
        var dave = Party("dave")
        try dave.encryption.encrypt("dev", linkKey: linkKey)
        let (events, shares) = dave.settled("dev", members: ["alice", "bob", "carol", "dave"])
        #expect(events == [] && shares.count == 1)
        let share = try KeyShare(parsing: dave.received(shares[0], seq: 4).text)
        #expect(share.recipients == [dave.prefix] && share.keyID == linkKey.id && share.previous == KeyID.none)

        var late = Party("erin")
        try late.encryption.encrypt("dev", linkKey: linkKey)
        var rotator = alice
        let rotation = try rotator.rekey("dev")
        #expect(late.receive(alice.received(rotation[0], seq: 2), isHistory: true) == [], "history is summed up once")
        let (told, none) = late.settled("dev", members: ["alice", "erin"])
        #expect(told == [.roomKey(room: "dev", .leftOut(by: nil))] && none == [], "the link's key is not current: nothing to share")
    }

    @Test func aRoomOthersEncryptWithoutAKeyHereIsToldOnce() throws {
        let (alice, _, _, _) = try Self.room()
        var dave = Party("dave")
        let sealed = try alice.say("hi", in: "dev", id: "a-1")
        let snapshot = RoomSnapshot(room: "dev", seq: 3, members: ["alice", "dave"], history: [alice.received(sealed, seq: 2)], truncated: false)
        dave.encryption.learn(snapshot)
        #expect(dave.settled("dev", members: snapshot.members).events == [.roomKey(room: "dev", .notHeld)])
        dave.encryption.learn(RoomSnapshot(room: "lobby", seq: 1, members: ["dave"], history: [], truncated: false))
        #expect(dave.settled("lobby", members: ["dave"]).events == [])
    }

    @Test func inAPassphraseRoomAMessageWithAnotherSaltMakesItsKeyTheOneToSealWithAndSaysSo() throws {
        var (alice, bob) = (Party("alice"), Party("bob"))
        let theirs = try RoomKey(passphrase: "a good long passphrase", salt: RoomKey.randomSalt(), iterations: 1)
        try alice.encryption.encrypt("pass", passphrase: "a good long passphrase", ownKey: theirs)
        try bob.encryption.encrypt(
            "pass",
            passphrase: "a good long passphrase",
            ownKey: try RoomKey(passphrase: "a good long passphrase", salt: RoomKey.randomSalt(), iterations: 1)
        )
        bob.encryption.keyring.derived(theirs, for: RoomKeyring.Derivation(room: "pass", passphrase: "", salt: theirs.salt, keyID: theirs.id))
        let message = alice.received(try alice.say("salted", in: "pass", id: "a-1"), seq: 2)
        let (opened, encryption, events) = bob.encryption.open(message, isHistory: false)
        #expect(opened.text == "salted" && encryption == .decrypted)
        #expect(events == [.encrypted(room: "pass", fingerprint: theirs.fingerprint)] && bob.currentKey("pass") == theirs.id)
        #expect(bob.encryption.open(message, isHistory: false).events == [], "told once")
    }

    @Test func aRoomWithAKeyIsNotGivenAnotherByJoinEncryptNorAnOldOneByAnOldLink() throws {
        var (alice, _, _, _) = try Self.room()
        #expect(throws: EncryptionProblem.self) { try alice.encryption.encryptNew("dev") }
        let linkKey = try #require(alice.encryption.currentKey(of: "dev"))
        _ = try alice.rekey("dev").map { alice.encryption.acknowledged(Ack(id: $0.shareID!, room: "dev", seq: 9, time: 0)) }
        let newer = alice.currentKey("dev")
        #expect(newer != linkKey.id)
        try alice.encryption.encrypt("dev", linkKey: linkKey)
        #expect(alice.currentKey("dev") == newer && alice.settled("dev", members: ["alice"]).shares == [])
    }

    @Test func aShareWithoutAValidSignatureIsIgnored() throws {
        var (alice, bob, _, _) = try Self.room()
        let shares = try alice.rekey("dev")
        #expect(bob.encryption.receiveShare(alice.received(shares[0], seq: 2), signed: false, isHistory: false) == [])
        #expect(bob.currentKey("dev") != (try KeyShare(parsing: alice.received(shares[0], seq: 2).text)).keyID)
    }

    @Test func withoutAnIdentityKeyNothingCanBeEncrypted() {
        var nobody = Encryption(identity: nil)
        #expect(throws: EncryptionProblem.noIdentity) { try nobody.encryptNew("dev") }
        #expect(throws: EncryptionProblem.noIdentity) { try nobody.encrypt("dev", linkKey: RoomKey.random()) }
    }
}
