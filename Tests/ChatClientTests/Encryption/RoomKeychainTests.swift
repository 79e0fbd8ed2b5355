import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// The spec's table "Which key is current", one row per test, on one room's keychain.
@Suite struct RoomKeychainTests {
    let alice = Identity()
    let bob = Identity()

    func share(_ key: RoomKey, previous: RoomKey? = nil, to recipients: [Identity], from sender: Identity? = nil) -> KeyShare {
        KeyShare.seal(
            key,
            previous: previous,
            room: "dev",
            sender: (sender ?? self.alice).publicKey,
            id: "k1",
            to: recipients.map { KeyShare.Recipient(identityKey: $0.publicKey, box: $0.sealingKey.box) }
        )
    }

    /// A share as this client read it: the key in its record, and its proof verified unless `proven` is false.
    func reading(_ key: RoomKey?, proven: Bool = true) -> KeyShare.Reading {
        KeyShare.Reading(key: key, isProven: proven)
    }

    @Test func withNoCurrentKeyAKeyForMeBecomesCurrent() {
        var keychain = RoomKeychain()
        let key = RoomKey.random()
        #expect(
            keychain.apply(self.share(key, to: [self.alice, self.bob]), reading: self.reading(key), sender: IdentityPrefix(self.alice.publicKey))
                == .adopted(key.id)
        )
        #expect(keychain.current == key.id && keychain.currentKey == key)
        #expect(keychain.holdsCurrent(IdentityPrefix(self.bob.publicKey)) && keychain.holdsCurrent(IdentityPrefix(self.alice.publicKey)))
    }

    @Test func aShareNamingTheCurrentKeyWithAKeyForMeIsARotation() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        let outcome = keychain.apply(
            self.share(new, previous: old, to: [self.bob]),
            reading: self.reading(new),
            sender: IdentityPrefix(self.alice.publicKey)
        )
        #expect(outcome == .rotated(from: old.id, to: new.id) && keychain.current == new.id)
        #expect(keychain.keys[old.id] == old, "the old key stays, for history")
    }

    @Test func aRotationWithoutARecordForMeLeavesMeWithoutACurrentKeyUntilIAmGivenOne() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        #expect(
            keychain.apply(self.share(new, previous: old, to: [self.alice]), reading: self.reading(nil), sender: IdentityPrefix(self.alice.publicKey))
                == .leftOut(new.id)
        )
        #expect(keychain.current == nil && keychain.withheld == new.id && keychain.currentKey == nil)
        #expect(
            keychain.apply(self.share(new, to: [self.bob]), reading: self.reading(new), sender: IdentityPrefix(self.alice.publicKey))
                == .adopted(new.id),
            "/add"
        )
        #expect(keychain.current == new.id && keychain.withheld == nil)
    }

    @Test func ofTwoRotationsOfTheSameKeyTheFirstInTheRoomsOrderWins() {
        var keychain = RoomKeychain()
        let (old, first, second) = (RoomKey.random(), RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        _ = keychain.apply(
            self.share(first, previous: old, to: [self.bob]),
            reading: self.reading(first),
            sender: IdentityPrefix(self.alice.publicKey)
        )
        let late = keychain.apply(
            self.share(second, previous: old, to: [self.bob], from: self.bob),
            reading: self.reading(second),
            sender: IdentityPrefix(self.bob.publicKey)
        )
        #expect(late == .kept(second.id) && keychain.current == first.id, "the second no longer names the current key")
    }

    @Test func aDistributionOrAShareWithNothingForMeChangesNoCurrentKey() {
        var keychain = RoomKeychain()
        let (current, other) = (RoomKey.random(), RoomKey.random())
        keychain.add(current, current: true)
        #expect(
            keychain.apply(self.share(other, to: [self.bob]), reading: self.reading(other), sender: IdentityPrefix(self.alice.publicKey))
                == .kept(other.id)
        )
        #expect(
            keychain.apply(self.share(RoomKey.random(), to: [self.alice]), reading: self.reading(nil), sender: IdentityPrefix(self.alice.publicKey))
                == .ignored
        )
        #expect(keychain.current == current.id && keychain.keys[other.id] == other)
    }

    @Test(arguments: [true, false])
    func aRotationWhoseProofCouldNotBeCheckedNeitherRotatesNorLeavesMeOut(withRecord: Bool) {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        let share = self.share(new, previous: old, to: withRecord ? [self.bob] : [self.alice])
        let outcome = keychain.apply(
            share,
            reading: self.reading(withRecord ? new : nil, proven: false),
            sender: IdentityPrefix(self.alice.publicKey)
        )
        #expect(outcome == (withRecord ? .kept(new.id) : .ignored) && keychain.current == old.id && keychain.withheld == nil)
    }

    @Test func aProvenShareMakesItsSenderAHolderOfTheProvenKeyAndItsRecipientsOfTheKeyItHandsOut() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        let (alice, bob, carol) = (IdentityPrefix(self.alice.publicKey), IdentityPrefix(self.bob.publicKey), IdentityPrefix(Identity().publicKey))
        keychain.add(old, current: true)
        _ = keychain.apply(self.share(new, previous: old, to: [self.bob]), reading: self.reading(new), sender: alice)
        #expect(keychain.holders == [old.id: [alice], new.id: [bob]], "alice proved she holds the old key, and gave bob the new one")
        _ = keychain.apply(self.share(new, to: [self.bob]), reading: self.reading(new), sender: carol)
        #expect(keychain.holders[new.id] == [bob, carol], "a distribution proves the key it hands out")
    }

    @Test func aShareWhoseProofCouldNotBeCheckedMakesNobodyAHolder() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(RoomKey.random(), current: true)
        _ = keychain.apply(
            self.share(new, previous: old, to: [self.bob]),
            reading: self.reading(new, proven: false),
            sender: IdentityPrefix(self.alice.publicKey)
        )
        #expect(keychain.holders.isEmpty && keychain.keys[new.id] == new, "the key for me is kept all the same")
    }

    @Test func aSenderWhoseMessageOpenedHoldsItsKeyAndInAPassphraseRoomItsSaltSeals() throws {
        var keychain = RoomKeychain()
        let (mine, theirs) = (
            try RoomKey(passphrase: "a passphrase", salt: RoomKey.randomSalt(), iterations: 1),
            try RoomKey(passphrase: "a passphrase", salt: RoomKey.randomSalt(), iterations: 1)
        )
        keychain.add(mine, current: true)
        keychain.add(theirs, current: false)
        keychain.opened(with: theirs.id, sender: IdentityPrefix(self.bob.publicKey))
        #expect(keychain.current == theirs.id && keychain.isPassphraseRoom)
        #expect(keychain.holders[theirs.id] == [IdentityPrefix(self.bob.publicKey)])
    }
}
