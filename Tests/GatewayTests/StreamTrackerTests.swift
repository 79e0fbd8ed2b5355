import ChatProtocol
import RelayProtocol
import Testing

@testable import Gateway

@Suite struct StreamTrackerTests {
    static let gateway: UInt64 = 0xA
    static let epoch: UInt64 = 0xE1

    static func sync(_ sequence: UInt64, epoch: UInt64 = Self.epoch, gateway: UInt64 = Self.gateway) -> Envelope {
        Envelope(kind: .sync, epoch: epoch, sequence: sequence, origin: Origin(gateway: gateway, connection: 0))
    }

    static func message(_ sequence: UInt64, epoch: UInt64 = Self.epoch) -> Envelope {
        Envelope(kind: .message, epoch: epoch, sequence: sequence, room: "lobby", payload: [UInt8(truncatingIfNeeded: sequence)])
    }

    static func heartbeat(_ sequence: UInt64, epoch: UInt64 = Self.epoch) -> Envelope {
        Envelope(kind: .relayHeartbeat, epoch: epoch, sequence: sequence)
    }

    static func replayEnd(_ sequence: UInt64, truncated: Bool = false, epoch: UInt64 = Self.epoch) -> Envelope {
        Envelope(kind: .replayEnd, flags: truncated ? .truncated : [], epoch: epoch, sequence: sequence)
    }

    /// Feeds published envelopes; returns the sequences delivered and the last outcome.
    static func publish(_ envelopes: [Envelope], to tracker: inout StreamTracker) -> ([UInt64], StreamTracker.Outcome) {
        var outcome = StreamTracker.Outcome()
        for envelope in envelopes { tracker.receivePublished(envelope, into: &outcome) }
        return (outcome.deliveries.map(\.sequence), outcome)
    }

    static func replay(_ envelopes: [Envelope], to tracker: inout StreamTracker) -> ([UInt64], StreamTracker.Outcome) {
        var outcome = StreamTracker.Outcome()
        for envelope in envelopes { tracker.receiveReplayed(envelope, into: &outcome) }
        return (outcome.deliveries.map(\.sequence), outcome)
    }

    @Test func nothingIsDeliveredBeforeTheSyncProvesTheSubscriptionLive() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let (delivered, _) = Self.publish([Self.message(1), Self.heartbeat(1), Self.sync(1, gateway: 0xB)], to: &tracker)
        #expect(delivered.isEmpty)
        #expect(!tracker.isSynced)
    }

    @Test func aNewGatewayStartsAtTheSyncAndDeliversWhatFollowsInOrder() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let (delivered, outcome) = Self.publish([Self.sync(7), Self.message(8), Self.message(9)], to: &tracker)
        #expect(outcome.becameSynced || tracker.isSynced)
        #expect(delivered == [8, 9])
        #expect(tracker.replaying == nil)
    }

    @Test func duplicatesAndSyncsForOthersAreIgnored() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let (delivered, _) = Self.publish(
            [Self.sync(0), Self.message(1), Self.message(1), Self.sync(1), Self.sync(1, gateway: 0xB), Self.message(2)],
            to: &tracker
        )
        #expect(delivered == [1, 2])
    }

    @Test func aGapIsHeldWhileTheMissingRangeIsReplayedThenDeliveredInOrder() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1)], to: &tracker)
        let (delivered, outcome) = Self.publish([Self.message(4), Self.message(5)], to: &tracker)
        #expect(delivered.isEmpty)
        #expect(outcome.replayRequest == ReplayRange(first: 2, last: 3))
        let (replayed, end) = Self.replay([Self.message(2), Self.message(3), Self.replayEnd(3)], to: &tracker)
        #expect(replayed == [2, 3, 4, 5])
        #expect(end.lost == 0)
        #expect(tracker.lastSequence == 5)
    }

    @Test func aHeartbeatAheadOfTheLastMessageRevealsAGapAtTheTail() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let (_, outcome) = Self.publish([Self.sync(0), Self.message(1), Self.heartbeat(3)], to: &tracker)
        #expect(outcome.replayRequest == ReplayRange(first: 2, last: 3))
    }

    @Test func whatTheRelayNoLongerHoldsIsCountedLostAndTheStreamGoesOn() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1), Self.message(10)], to: &tracker)
        let (delivered, outcome) = Self.replay([Self.message(8), Self.message(9), Self.replayEnd(9, truncated: true)], to: &tracker)
        #expect(delivered == [8, 9, 10])
        #expect(outcome.lost == 6, "2...7 are gone")
    }

    @Test func aReplayThatNeverAnswersTimesOutAndCountsTheRangeLost() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(3)], to: &tracker)
        var outcome = StreamTracker.Outcome()
        tracker.replayTimedOut(into: &outcome)
        #expect(outcome.deliveries.map(\.sequence) == [3])
        #expect(outcome.lost == 2)
        #expect(tracker.replaying == nil)
    }

    @Test func afterLosingTheRelayAGatewayResumesAfterItsLastSequence() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1), Self.message(2)], to: &tracker)
        tracker.relayLost()
        #expect(!tracker.isSynced)
        let (_, outcome) = Self.publish([Self.message(3), Self.sync(5)], to: &tracker)
        #expect(outcome.replayRequest == ReplayRange(first: 3, last: 5), "3 arrived while unsynced and is replayed, not trusted")
        #expect(!outcome.relayRestarted)
        let (delivered, _) = Self.replay([Self.message(3), Self.message(4), Self.message(5), Self.replayEnd(5)], to: &tracker)
        #expect(delivered == [3, 4, 5])
    }

    @Test func aNewEpochMeansTheRelayRestartedAndItsWholeStreamIsReplayed() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1), Self.message(2)], to: &tracker)
        let (_, restart) = Self.publish([Self.heartbeat(0, epoch: 0xE2)], to: &tracker)
        #expect(restart.needsHello)
        #expect(!tracker.isSynced)
        let (_, synced) = Self.publish([Self.message(1, epoch: 0xE2), Self.sync(2, epoch: 0xE2)], to: &tracker)
        #expect(synced.relayRestarted)
        #expect(synced.replayRequest == ReplayRange(first: 1, last: 2))
        let (delivered, _) = Self.replay(
            [Self.message(1, epoch: 0xE2), Self.message(2, epoch: 0xE2), Self.replayEnd(2, epoch: 0xE2)],
            to: &tracker
        )
        #expect(delivered == [1, 2])
        #expect(tracker.epoch == 0xE2)
    }

    @Test func aRelayOfTheSameEpochThatHasLessThanWasDeliveredIsTakenFromTheStart() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1), Self.message(2), Self.message(3)], to: &tracker)
        tracker.relayLost()
        let (_, outcome) = Self.publish([Self.sync(2)], to: &tracker)
        #expect(outcome.relayRestarted, "its sequence 3 would not be ours: its stream cannot continue ours")
        #expect(outcome.replayRequest == ReplayRange(first: 1, last: 2))
    }

    @Test func presenceEventsAreSequencedAlongWithMessages() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let presence = Envelope(kind: .presence, flags: .joined, epoch: Self.epoch, sequence: 2, room: "lobby", sender: "bob")
        let (delivered, _) = Self.publish([Self.sync(0), Self.message(1), presence, Self.message(3)], to: &tracker)
        #expect(delivered == [1, 2, 3])
    }

    @Test func aRelinkInTheSameEpochIsReportedSoConnectionsAreClaimedAgain() {
        var tracker = StreamTracker(gateway: Self.gateway)
        let (_, first) = Self.publish([Self.sync(0)], to: &tracker)
        #expect(first.becameSynced && !first.resynchronized, "a first sync has nothing to re-claim")
        tracker.relayLost()
        let (_, again) = Self.publish([Self.sync(0)], to: &tracker)
        #expect(again.resynchronized && !again.relayRestarted)
    }

    @Test func aMessageFromAnotherEpochAlsoTriggersAResync() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0)], to: &tracker)
        let (delivered, outcome) = Self.publish([Self.message(1, epoch: 0xE2)], to: &tracker)
        #expect(delivered.isEmpty && outcome.needsHello)
    }

    @Test func replayedEnvelopesOfAnOldEpochOrOutsideTheRangeAreIgnored() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(0), Self.message(1), Self.message(4)], to: &tracker)
        let (delivered, _) = Self.replay([Self.message(2, epoch: 0xE9), Self.message(7), Self.message(2)], to: &tracker)
        #expect(delivered == [2])
    }

    @Test func aForgottenBodyIsDeliveredAtOnceWithoutOpeningAGap() {
        var tracker = StreamTracker(gateway: Self.gateway)
        _ = Self.publish([Self.sync(4)], to: &tracker)
        var forget = Envelope.fileForget(file: FileID.random(), room: "lobby")
        forget.epoch = Self.epoch
        var outcome = StreamTracker.Outcome()
        tracker.receivePublished(Self.message(5), into: &outcome)
        tracker.receivePublished(forget, into: &outcome)
        tracker.receivePublished(Self.message(6), into: &outcome)
        #expect(outcome.deliveries.map(\.kind) == [.message, .fileForget, .message])
        #expect(outcome.replayRequest == nil, "stream sequence 0 is no gap")
    }
}
