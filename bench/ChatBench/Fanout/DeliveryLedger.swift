/// Which measured messages each client has received, to tell new deliveries from duplicates.
///
/// A bitmap over every (receiver, sender, message) would take clients × senders × messages bits (1.25 GB
/// for 10,000 × 100 × 10,000). A correct server keeps each sender's order, so the ledger keeps per
/// (receiver, sender) pair only the highest message number seen and which of the 64 before it arrived:
/// the anti-replay window of IPsec (RFC 4303 §3.4.3). A message more than 64 behind the highest already
/// seen cannot be told apart and is counted as a duplicate; a new one behind the highest is out of order.
struct DeliveryLedger {
    enum Outcome {
        case new
        case newOutOfOrder
        case duplicate
    }

    private let senders: Int
    private var highest: [Int32]
    private var recent: [UInt64]

    init(receivers: Int, senders: Int) {
        self.senders = senders
        self.highest = Array(repeating: -1, count: receivers * senders)
        self.recent = Array(repeating: 0, count: receivers * senders)
    }

    /// Records that `receiver` (an index local to this ledger) got message `number` of `sender`.
    mutating func record(receiver: Int, sender: Int, number: Int) -> Outcome {
        let slot = receiver * self.senders + sender
        let highest = Int(self.highest[slot])
        if number > highest {
            let shift = number - highest
            self.recent[slot] = shift >= 64 ? 1 : (self.recent[slot] << UInt64(shift)) | 1
            self.highest[slot] = Int32(number)
            return .new
        }
        let behind = highest - number
        guard behind < 64 else { return .duplicate }
        let bit: UInt64 = 1 << UInt64(behind)
        if self.recent[slot] & bit != 0 { return .duplicate }
        self.recent[slot] |= bit
        return .newOutOfOrder
    }
}
