import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// Who rotates when: rank by identity key, two seconds a rank, and no rotation once one came.
@Suite struct RotationScheduleTests {
    let holders = (0..<3).map { _ in IdentityPrefix(Identity().publicKey) }

    @Test func holdersRankThemselvesByKeyAscendingAndOnlyHoldersHaveARank() {
        let sorted = Set(self.holders).sorted()
        #expect(sorted.map { RotationSchedule.rank(of: $0, among: Set(self.holders)) } == [0, 1, 2])
        #expect(RotationSchedule.rank(of: IdentityPrefix(Identity().publicKey), among: Set(self.holders)) == nil)
    }

    @Test func eachRankWaitsTwoSecondsMoreAndASecondLeaveKeepsTheEarlierTurn() {
        var schedule = RotationSchedule()
        let now = ContinuousClock.now
        let key = RoomKey.random().id
        schedule.holderLeft(self.holders[0], name: "cy", room: "dev", key: key, rank: 2, now: now)
        #expect(schedule.nextDue == now + .seconds(4))
        schedule.holderLeft(self.holders[1], name: "dan", room: "dev", key: key, rank: 2, now: now + .seconds(3))
        #expect(schedule.nextDue == now + .seconds(4) && schedule.pending["dev"]?.leavers.count == 2)
        #expect(schedule.takeDue(now: now + .seconds(3)).isEmpty)
        let due = schedule.takeDue(now: now + .seconds(4))
        #expect(due.map(\.room) == ["dev"] && schedule.nextDue == nil)
    }

    @Test func aRotationThatCameDropsTheLeaversItLeftOutAndKeepsThoseItDidNot() {
        var schedule = RotationSchedule()
        let (old, new) = (RoomKey.random(), RoomKey.random())
        schedule.holderLeft(self.holders[0], name: "cy", room: "dev", key: old.id, rank: 1, now: .now)
        schedule.holderLeft(self.holders[1], name: "dan", room: "dev", key: old.id, rank: 1, now: .now)
        // Someone rotated having seen cy leave, not yet dan: dan holds the new key too.
        var keychain = RoomKeychain()
        keychain.add(new, current: true)
        keychain.addHolder(self.holders[1], of: new.id)
        schedule.keyChanged(in: "dev", to: keychain)
        #expect(schedule.pending["dev"]?.leavers == [self.holders[1]: "dan"] && schedule.pending["dev"]?.key == new.id)
        var rotatedWithoutDan = RoomKeychain()
        rotatedWithoutDan.add(RoomKey.random(), current: true)
        schedule.keyChanged(in: "dev", to: rotatedWithoutDan)
        #expect(schedule.pending["dev"] == nil)
    }

    @Test func beingLeftOutEndsTheWait() {
        var schedule = RotationSchedule()
        let old = RoomKey.random()
        schedule.holderLeft(self.holders[0], name: "cy", room: "dev", key: old.id, rank: 0, now: .now)
        var keychain = RoomKeychain()
        keychain.add(old, current: true)
        _ = keychain.apply(
            KeyShare.seal(RoomKey.random(), previous: old, room: "dev", sender: Identity().publicKey, id: "k1", to: []),
            reading: KeyShare.Reading(key: nil, isProven: true),
            sender: self.holders[2]
        )
        schedule.keyChanged(in: "dev", to: keychain)
        #expect(schedule.nextDue == nil)
    }
}
