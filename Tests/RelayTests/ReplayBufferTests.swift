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

    @Test func largeEnvelopesShortenTheWindowToTheByteLimit() {
        var buffer = ReplayBuffer(capacity: 100, byteLimit: 1000)
        for sequence in UInt64(1)...20 {
            buffer.append([UInt8](repeating: UInt8(sequence), count: 300), sequence: sequence)
            #expect(buffer.byteCount <= 1000)
        }
        #expect(buffer.firstSequence == 18 && buffer.count == 3 && buffer.byteCount == 900)
        let (envelopes, truncated) = buffer.envelopes(from: 1, through: 20)
        #expect(envelopes.map(\.first) == [18, 19, 20] && truncated)
        // Small ones fit beside them; the next large one makes room by dropping the oldest alone.
        for sequence in UInt64(21)...30 { buffer.append([1], sequence: sequence) }
        #expect(buffer.firstSequence == 18 && buffer.byteCount == 910)
        buffer.append([UInt8](repeating: 0, count: 200), sequence: 31)
        #expect(buffer.firstSequence == 19 && buffer.byteCount == 810)
    }

    @Test func anEnvelopeLargerThanTheLimitIsStillHeldAlone() {
        var buffer = ReplayBuffer(capacity: 10, byteLimit: 100)
        buffer.append([UInt8](repeating: 1, count: 50), sequence: 1)
        buffer.append([UInt8](repeating: 2, count: 150), sequence: 2)
        #expect(buffer.count == 1 && buffer.firstSequence == 2 && buffer.byteCount == 150)
    }
}
