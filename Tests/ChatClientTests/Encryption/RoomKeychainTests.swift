import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// The spec's table "Which key is current", one row per test, on one room's keychain.
@Suite struct RoomKeychainTests {
    let alice = Identity()
    let bob = Identity()

    func share(_ key: RoomKey, previous: KeyID = .none, to recipients: [Identity], from sender: Identity? = nil) -> KeyShare {
        KeyShare.seal(
            key,
            previous: previous,
            room: "dev",
            sender: (sender ?? self.alice).publicKey,
            to: recipients.map { KeyShare.Recipient(identityKey: $0.publicKey, box: $0.sealingKey.box) }
        )
    }

    @Test func withNoCurrentKeyAKeyForMeBecomesCurrent() {
        var keychain = RoomKeychain()
        let key = RoomKey.random()
        #expect(
            keychain.apply(self.share(key, to: [self.alice, self.bob]), key: key, sender: IdentityPrefix(self.alice.publicKey)) == .adopted(key.id)
        )
        #expect(keychain.current == key.id && keychain.currentKey == key)
        #expect(keychain.holdsCurrent(IdentityPrefix(self.bob.publicKey)) && keychain.holdsCurrent(IdentityPrefix(self.alice.publicKey)))
    }

    @Test func aShareNamingTheCurrentKeyWithAKeyForMeIsARotation() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        let outcome = keychain.apply(self.share(new, previous: old.id, to: [self.bob]), key: new, sender: IdentityPrefix(self.alice.publicKey))
        #expect(outcome == .rotated(from: old.id, to: new.id) && keychain.current == new.id)
        #expect(keychain.keys[old.id] == old, "the old key stays, for history")
    }

    @Test func aRotationWithoutARecordForMeLeavesMeWithoutACurrentKeyUntilIAmGivenOne() {
        var keychain = RoomKeychain()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        #expect(
            keychain.apply(self.share(new, previous: old.id, to: [self.alice]), key: nil, sender: IdentityPrefix(self.alice.publicKey))
                == .leftOut(new.id)
        )
        #expect(keychain.current == nil && keychain.withheld == new.id && keychain.currentKey == nil)
        #expect(keychain.apply(self.share(new, to: [self.bob]), key: new, sender: IdentityPrefix(self.alice.publicKey)) == .adopted(new.id), "/add")
        #expect(keychain.current == new.id && keychain.withheld == nil)
    }

    @Test func ofTwoRotationsOfTheSameKeyTheFirstInTheRoomsOrderWins() {
        var keychain = RoomKeychain()
        let (old, first, second) = (RoomKey.random(), RoomKey.random(), RoomKey.random())
        keychain.add(old, current: true)
        _ = keychain.apply(self.share(first, previous: old.id, to: [self.bob]), key: first, sender: IdentityPrefix(self.alice.publicKey))
        let late = keychain.apply(
            self.share(second, previous: old.id, to: [self.bob], from: self.bob),
            key: second,
            sender: IdentityPrefix(self.bob.publicKey)
        )
        #expect(late == .kept(second.id) && keychain.current == first.id, "the second no longer names the current key")
    }

    @Test func aDistributionOrAShareWithNothingForMeChangesNoCurrentKey() {
        var keychain = RoomKeychain()
        let (current, other) = (RoomKey.random(), RoomKey.random())
        keychain.add(current, current: true)
        #expect(keychain.apply(self.share(other, to: [self.bob]), key: other, sender: IdentityPrefix(self.alice.publicKey)) == .kept(other.id))
        #expect(keychain.apply(self.share(RoomKey.random(), to: [self.alice]), key: nil, sender: IdentityPrefix(self.alice.publicKey)) == .ignored)
        #expect(keychain.current == current.id && keychain.keys[other.id] == other)
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
