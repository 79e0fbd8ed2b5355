/// The key shares of a room that fell out of its history window, oldest first, bounded by count and by
/// bytes: the latest keys outlive the messages around them (``RoomHistory``).
struct KeptShares: Sendable {
    /// Enough for every rotation of a busy room's recent past and the newcomers' shares around them.
    static let maximumCount = 64

    private(set) var entries: [RoomHistory.Entry]
    private var bytes: Int

    init(_ entries: [RoomHistory.Entry] = []) {
        self.entries = entries
        self.bytes = entries.reduce(0) { $0 + $1.envelope.count }
    }

    /// Keeps `share`; returns the room sequence of the newest share this pushed out, if any.
    mutating func keep(_ share: RoomHistory.Entry, maximumBytes: Int) -> UInt64? {
        self.entries.append(share)
        self.bytes += share.envelope.count
        var forgotten: UInt64?
        // Unlike the window, which always holds the newest message, a byte budget too small for a
        // share keeps none: the budget is the operator's.
        while self.entries.count > Self.maximumCount || self.bytes > maximumBytes {
            let dropped = self.entries.removeFirst()
            self.bytes -= dropped.envelope.count
            forgotten = dropped.roomSequence
        }
        return forgotten
    }
}
