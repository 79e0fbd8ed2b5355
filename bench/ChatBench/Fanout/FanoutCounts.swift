/// What the clients of one shard (or, merged, of all) received.
struct FanoutCounts: Sendable {
    /// Measured messages received for the first time.
    var received = 0
    var duplicates = 0
    var selfEcho = 0
    var outOfOrder = 0
    var errorFrames = 0
    var otherFrames = 0
    var closed = 0
    var warmPending = 0
    var lastDelivery: UInt64 = 0
    var firstError: String?
    var firstClose: String?
    var latency: LatencyRecorder?

    mutating func merge(_ other: FanoutCounts) {
        self.received += other.received
        self.duplicates += other.duplicates
        self.selfEcho += other.selfEcho
        self.outOfOrder += other.outOfOrder
        self.errorFrames += other.errorFrames
        self.otherFrames += other.otherFrames
        self.closed += other.closed
        self.warmPending += other.warmPending
        self.lastDelivery = max(self.lastDelivery, other.lastDelivery)
        self.firstError = self.firstError ?? other.firstError
        self.firstClose = self.firstClose ?? other.firstClose
        if let theirs = other.latency {
            if self.latency == nil { self.latency = theirs } else { self.latency!.merge(theirs) }
        }
    }
}
