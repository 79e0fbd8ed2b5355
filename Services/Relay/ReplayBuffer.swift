/// The last published envelopes, by stream sequence, for gateways that missed some: at most
/// `capacity` of them, taking at most `byteLimit` bytes together.
///
/// A ring: appending the newest drops the oldest, as many as it takes to stay within both bounds, so a
/// run of large messages shortens the window instead of pinning memory. Gateways ask for a range after
/// a gap, after their subscription comes back, or after the relay restarted (then from the new epoch's
/// first sequence).
struct ReplayBuffer {
    private var storage: [[UInt8]?]
    let byteLimit: Int
    /// Stream sequence of the newest envelope held (0: none).
    private(set) var lastSequence: UInt64 = 0
    /// Stream sequence of the oldest envelope held (`lastSequence + 1` when empty).
    private(set) var firstSequence: UInt64 = 1
    /// The bytes of the envelopes held.
    private(set) var byteCount = 0

    init(capacity: Int, byteLimit: Int = .max) {
        self.storage = Array(repeating: nil, count: max(1, capacity))
        self.byteLimit = byteLimit
    }

    /// An empty buffer whose next envelope is `sequence + 1`: a passive relay's copy, restored from a snapshot.
    init(capacity: Int, byteLimit: Int = .max, after sequence: UInt64) {
        self.init(capacity: capacity, byteLimit: byteLimit)
        self.lastSequence = sequence
        self.firstSequence = sequence + 1
    }

    var capacity: Int { self.storage.count }

    /// How many envelopes are held.
    var count: Int { Int(self.lastSequence + 1 - self.firstSequence) }

    /// Keeps `envelope`, published with `sequence`, which must follow the last one appended.
    mutating func append(_ envelope: [UInt8], sequence: UInt64) {
        precondition(sequence == self.lastSequence + 1, "replay buffer sequences must be contiguous")
        while self.count > 0 && (self.count == self.capacity || self.byteCount + envelope.count > self.byteLimit) {
            self.dropOldest()
        }
        self.storage[self.slot(sequence)] = envelope
        self.byteCount += envelope.count
        self.lastSequence = sequence
        if self.count == 0 { self.firstSequence = sequence }
    }

    /// The envelopes held within `first...last`, oldest first, and whether some of the range is gone.
    func envelopes(from first: UInt64, through last: UInt64) -> (envelopes: [[UInt8]], truncated: Bool) {
        let last = min(last, self.lastSequence)
        let start = max(first, self.firstSequence)
        let truncated = first < start && first <= last
        guard start <= last else { return ([], truncated) }
        let envelopes = (start...last).map { self.storage[self.slot($0)]! }
        return (envelopes, truncated)
    }

    private mutating func dropOldest() {
        let slot = self.slot(self.firstSequence)
        self.byteCount -= self.storage[slot]?.count ?? 0
        self.storage[slot] = nil
        self.firstSequence += 1
    }

    private func slot(_ sequence: UInt64) -> Int { Int(sequence % UInt64(self.capacity)) }
}
