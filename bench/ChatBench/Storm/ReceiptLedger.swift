/// Which of its room's messages one client received, and whether any came twice or out of order.
///
/// Each client keeps two: one fed with every `message` frame as the gateway sent it (live, or in a
/// snapshot's history), one with the messages ``ClientState`` passed on. ClientState drops what it has
/// seen, so only the first shows a server that sent a message twice; only the second shows what a
/// user would have seen.
struct ReceiptLedger: Sendable {
    /// Bit `i` set: the room's message `i` arrived.
    private var bits: [UInt64] = []
    private(set) var received = 0
    private(set) var duplicates = 0
    /// Messages whose room sequence was not above the previous one's.
    private(set) var outOfOrder = 0
    private var lastSeq: UInt64 = 0

    enum Outcome: Equatable {
        case new
        case newOutOfOrder
        case duplicate
    }

    /// Records the room's message `index`, which the server numbered `seq`.
    @discardableResult
    mutating func record(index: Int, seq: UInt64) -> Outcome {
        let (word, bit) = (index / 64, UInt64(1) << UInt64(index % 64))
        if word >= self.bits.count { self.bits.append(contentsOf: repeatElement(0, count: word - self.bits.count + 1)) }
        guard self.bits[word] & bit == 0 else {
            self.duplicates += 1
            return .duplicate
        }
        self.bits[word] |= bit
        self.received += 1
        defer { self.lastSeq = max(self.lastSeq, seq) }
        guard seq > self.lastSeq else {
            self.outOfOrder += 1
            return .newOutOfOrder
        }
        return .new
    }

    func contains(_ index: Int) -> Bool {
        let word = index / 64
        return word < self.bits.count && self.bits[word] & (UInt64(1) << UInt64(index % 64)) != 0
    }

    /// How many of `expected` (the room's messages the relay sequenced) never arrived.
    func lost(of expected: [Int]) -> Int {
        expected.reduce(0) { $0 + (self.contains($1) ? 0 : 1) }
    }
}
