import ChatConfig

/// The last messages of one room, bounded by count and by bytes of text.
///
/// Entries are the published envelopes themselves, so a snapshot reads them without the relay having
/// kept a second representation.
struct RoomHistory: Sendable {
    struct Entry: Sendable {
        let roomSequence: UInt64
        let envelope: [UInt8]
        let textBytes: Int
    }

    private(set) var entries: [Entry] = []
    private var start = 0
    private var textBytes = 0
    /// The highest room sequence ever dropped from the history (0: none): a resume point below it is truncated.
    private(set) var forgottenThrough: UInt64 = 0

    init() {}

    /// A history as a snapshot recorded it: `entries` oldest first, within the limits already.
    init(entries: [Entry], forgottenThrough: UInt64) {
        self.entries = entries
        self.textBytes = entries.reduce(0) { $0 + $1.textBytes }
        self.forgottenThrough = forgottenThrough
    }

    var count: Int { self.entries.count - self.start }

    /// Appends a message and drops the oldest while over either bound.
    mutating func append(_ entry: Entry, limits: ChatLimits) {
        self.entries.append(entry)
        self.textBytes += entry.textBytes
        while self.count > limits.historyMessages || (self.textBytes > limits.historyBytes && self.count > 1) {
            let dropped = self.entries[self.start]
            self.forgottenThrough = dropped.roomSequence
            self.textBytes -= dropped.textBytes
            self.start += 1
        }
        // Compact once the dropped prefix outweighs what is kept.
        if self.start > 64 && self.start * 2 > self.entries.count {
            self.entries.removeFirst(self.start)
            self.start = 0
        }
    }

    /// Every message held, oldest first.
    var all: ArraySlice<Entry> { self.entries[self.start...] }

    /// The messages after `roomSequence`, and whether some of those are no longer held.
    func after(_ roomSequence: UInt64) -> (entries: ArraySlice<Entry>, truncated: Bool) {
        let held = self.all
        let first = held.firstIndex { $0.roomSequence > roomSequence } ?? held.endIndex
        return (held[first...], roomSequence < self.forgottenThrough)
    }

    /// Forgets everything, e.g. when the room is evicted.
    mutating func clear() {
        if let last = self.all.last { self.forgottenThrough = last.roomSequence }
        self.entries.removeAll()
        self.start = 0
        self.textBytes = 0
    }
}
