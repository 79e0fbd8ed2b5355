import Testing

@testable import Relay

@Suite struct ReplayBufferTests {
    func buffer(capacity: Int, filledThrough last: UInt64) -> ReplayBuffer {
        var buffer = ReplayBuffer(capacity: capacity)
        for sequence in 1...last {
            buffer.append([UInt8(truncatingIfNeeded: sequence)], sequence: sequence)
        }
        return buffer
    }

    @Test func aRangeWithinTheWindowComesBackWhole() {
        let buffer = self.buffer(capacity: 10, filledThrough: 5)
        let (envelopes, truncated) = buffer.envelopes(from: 2, through: 4)
        #expect(envelopes == [[2], [3], [4]])
        #expect(!truncated)
    }

    @Test func theOldestAreDroppedOnceFull() {
        let buffer = self.buffer(capacity: 3, filledThrough: 7)
        #expect(buffer.firstSequence == 5 && buffer.lastSequence == 7)
        let (envelopes, truncated) = buffer.envelopes(from: 1, through: 7)
        #expect(envelopes == [[5], [6], [7]])
        #expect(truncated, "sequences 1...4 are gone")
    }

    @Test func aRangeBeyondTheNewestIsCutAtTheNewest() {
        let buffer = self.buffer(capacity: 10, filledThrough: 3)
        let (envelopes, truncated) = buffer.envelopes(from: 3, through: 100)
        #expect(envelopes == [[3]])
        #expect(!truncated)
    }

    @Test func anEmptyBufferHasNothingAndNothingIsMissing() {
        let buffer = ReplayBuffer(capacity: 4)
        let (envelopes, truncated) = buffer.envelopes(from: 1, through: 0)
        #expect(envelopes.isEmpty && !truncated)
        #expect(buffer.firstSequence == 1)
    }
}
