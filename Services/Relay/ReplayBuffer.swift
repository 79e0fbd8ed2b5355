/// The last `capacity` published envelopes, by stream sequence, for gateways that missed some.
///
/// A ring: appending the newest drops the oldest. Gateways ask for a range after a gap, after their
/// subscription comes back, or after the relay restarted (then from the new epoch's first sequence).
struct ReplayBuffer {
    private var storage: [[UInt8]?]
    /// Stream sequence of the newest envelope held (0: none).
    private(set) var lastSequence: UInt64 = 0

    init(capacity: Int) {
        self.storage = Array(repeating: nil, count: max(1, capacity))
    }

    /// An empty buffer whose next envelope is `sequence + 1`: a passive relay's copy, restored from a snapshot.
    init(capacity: Int, after sequence: UInt64) {
        self.init(capacity: capacity)
        self.lastSequence = sequence
    }

    var capacity: Int { self.storage.count }

    /// Stream sequence of the oldest envelope held (`lastSequence + 1` when empty).
    var firstSequence: UInt64 {
        self.lastSequence < UInt64(self.capacity) ? 1 : self.lastSequence - UInt64(self.capacity) + 1
    }

    /// Keeps `envelope`, published with `sequence`, which must follow the last one appended.
    mutating func append(_ envelope: [UInt8], sequence: UInt64) {
        precondition(sequence == self.lastSequence + 1, "replay buffer sequences must be contiguous")
        self.storage[Int(sequence % UInt64(self.capacity))] = envelope
        self.lastSequence = sequence
    }

    /// The envelopes held within `first...last`, oldest first, and whether some of the range is gone.
    func envelopes(from first: UInt64, through last: UInt64) -> (envelopes: [[UInt8]], truncated: Bool) {
        let last = min(last, self.lastSequence)
        let start = max(first, self.firstSequence)
        let truncated = first < start && first <= last
        guard start <= last else { return ([], truncated) }
        let envelopes = (start...last).map { self.storage[Int($0 % UInt64(self.capacity))]! }
        return (envelopes, truncated)
    }
}
