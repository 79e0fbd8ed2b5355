import Testing

@testable import Relay

@Suite struct SequencerTests {
    @Test func streamSequenceCountsEveryRoomWhileRoomSequencesCountTheirOwn() {
        var sequencer = Sequencer()
        let first = sequencer.next(room: "a")
        let second = sequencer.next(room: "b")
        let third = sequencer.next(room: "a")
        #expect([first.sequence, second.sequence, third.sequence] == [1, 2, 3])
        #expect([first.roomSequence, second.roomSequence, third.roomSequence] == [1, 1, 2])
        #expect(sequencer.sequence == 3)
        #expect(sequencer.lastRoomSequence("a") == 2)
        #expect(sequencer.lastRoomSequence("never") == 0)
    }
}
