import ChatClient
import Testing

@Suite struct TypingAndReadTests {
    let start = ContinuousClock.now

    @Test func aTypistIsForgottenAfterSixSecondsWithoutNews() {
        var typists = Typists()
        let result1 = typists.received("bob", active: true, in: "lobby", now: self.start)
        #expect(result1)
        let result2 = typists.received("bob", active: true, in: "lobby", now: self.start + .seconds(3))
        #expect(!result2, "still typing: no change")
        let result3 = typists.expire(now: self.start + .seconds(8))
        #expect(result3.isEmpty, "renewed at 3 s")
        #expect(typists.nextExpiry == self.start + .seconds(9))
        let result4 = typists.expire(now: self.start + .seconds(9))
        #expect(result4 == ["lobby"])
        #expect(typists.names(in: "lobby").isEmpty)
    }

    @Test func aTypistWhoStopsOrSpeaksIsForgottenAtOnce() {
        var typists = Typists()
        _ = typists.received("bob", active: true, in: "lobby", now: self.start)
        _ = typists.received("amy", active: true, in: "lobby", now: self.start)
        #expect(typists.names(in: "lobby") == ["amy", "bob"])
        let result5 = typists.received("bob", active: false, in: "lobby", now: self.start)
        #expect(result5)
        let result6 = typists.forget("amy", in: "lobby")
        #expect(result6)
        #expect(typists.names(in: "lobby").isEmpty && typists.nextExpiry == nil)
    }

    @Test func typingIsSentAgainEveryThreeSecondsAndStoppedOnce() {
        var signals = TypingSignals()
        let first = signals.typed(in: "lobby", now: self.start)
        let soon = signals.typed(in: "lobby", now: self.start + .seconds(2))
        let again = signals.typed(in: "lobby", now: self.start + .seconds(3))
        let stop = signals.stopped(in: "lobby", now: self.start + .seconds(4))
        let twice = signals.stopped(in: "lobby", now: self.start + .seconds(5))
        #expect(first == true && soon == nil && again == true && stop == false)
        #expect(twice == nil, "told once")
        let never = signals.stopped(in: "dev", now: self.start)
        #expect(never == nil, "a room never told of typing is not told it stopped")
    }

    @Test func aChangeWithinASecondOfTheLastFrameWaitsForItsTurnSoAStopIsNeverLost() {
        var signals = TypingSignals()
        _ = signals.typed(in: "lobby", now: self.start)
        let stop = signals.stopped(in: "lobby", now: self.start + .milliseconds(200))
        #expect(stop == nil && signals.nextDue == self.start + .seconds(1))
        let early = signals.due(now: self.start + .milliseconds(500))
        let due = signals.due(now: self.start + .seconds(1))
        #expect(early.isEmpty && due.map { "\($0.room) \($0.active)" } == ["lobby false"])
        let typedAgain = signals.typed(in: "lobby", now: self.start + .milliseconds(1200))
        #expect(typedAgain == nil && signals.nextDue == self.start + .seconds(2), "paced after the stop too")
        let resumed = signals.due(now: self.start + .seconds(2))
        #expect(resumed.map(\.active) == [true])
    }

    @Test func aStopLongAfterTheLastNewsIsNotSent() {
        var signals = TypingSignals()
        _ = signals.typed(in: "lobby", now: self.start)
        let late = signals.stopped(in: "lobby", now: self.start + .seconds(7))
        #expect(late == nil, "receivers forgot already")
    }

    @Test func readMarkersOnlyMoveForwardAndABurstSendsOneReadForTheLast() {
        var markers = ReadMarkers()
        markers.learn(room: "lobby", own: 10, others: ["bob": 7])
        let result14 = markers.read(9, in: "lobby", now: self.start)
        #expect(!result14, "behind the marker from another device")
        let result15 = markers.read(11, in: "lobby", now: self.start)
        #expect(result15)
        let result16 = markers.read(12, in: "lobby", now: self.start + .milliseconds(100))
        #expect(!result16)
        let result17 = markers.read(13, in: "lobby", now: self.start + .milliseconds(200))
        #expect(!result17)
        #expect(markers.nextDue == self.start + .seconds(1))
        let result18 = markers.due(now: self.start + .milliseconds(500))
        #expect(result18.isEmpty)
        let result19 = markers.due(now: self.start + .seconds(1))
        #expect(result19.map { "\($0.room) \($0.seq)" } == ["lobby 13"])
        #expect(markers.nextDue == nil && markers.own["lobby"] == 13)
    }

    @Test func markersFromOwnDevicesAndMembersAreKeptApart() {
        var markers = ReadMarkers()
        let result20 = markers.received(5, from: "amy", in: "lobby", isOwn: true)
        #expect(result20)
        let result21 = markers.received(8, from: "bob", in: "lobby", isOwn: false)
        #expect(result21)
        let result22 = markers.received(4, from: "bob", in: "lobby", isOwn: false)
        #expect(!result22)
        #expect(markers.own == ["lobby": 5] && markers.others == ["lobby": ["bob": 8]])
    }
}
