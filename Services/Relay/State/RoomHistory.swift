import ChatConfig
import RelayProtocol

/// The last messages of one room, bounded by count and by bytes of text, and the key shares that
/// fell out of that window.
///
/// Entries are the published envelopes themselves, so a snapshot reads them without the relay having
/// kept a second representation. A key share (docs/PROTOCOL.md, "Key shares") leaving the window is
/// kept a while longer (``KeptShares``): a member who comes back after more than the window was said
/// still gets the room's latest keys, and so can read what is held, instead of none of it.
struct RoomHistory: Sendable {
    struct Entry: Sendable {
        let roomSequence: UInt64
        let envelope: [UInt8]
        let textBytes: Int
        /// Reaction events this message got (docs/PROTOCOL.md, "Conversation events"): counted, never read.
        var reactions = 0

        init(roomSequence: UInt64, envelope: [UInt8], textBytes: Int) {
            self.roomSequence = roomSequence
            self.envelope = envelope
            self.textBytes = textBytes
        }

        /// The envelope's flags (2 bytes, little-endian, at offset 2), read without decoding it.
        var flags: EnvelopeFlags {
            guard self.envelope.count >= 4 else { return [] }
            return EnvelopeFlags(rawValue: UInt16(self.envelope[2]) | UInt16(self.envelope[3]) << 8)
        }

        /// Whether the envelope is a key share.
        var isShare: Bool { self.flags.contains(.share) }

        /// The message this one is about, for a reply, edit, delete or reaction.
        var reference: EnvelopeReference? {
            guard self.flags.contains(.refers) else { return nil }
            return (try? Envelope(decoding: self.envelope))?.reference
        }
    }

    private(set) var entries: [Entry] = []
    private var start = 0
    private var textBytes = 0
    private(set) var kept = KeptShares()
    /// The highest room sequence ever dropped from the history (0: none): a resume point below it is truncated.
    private(set) var forgottenThrough: UInt64 = 0

    init() {}

    /// A history as a snapshot recorded it: `kept` and `entries` oldest first, within the limits already.
    init(kept: [Entry] = [], entries: [Entry], forgottenThrough: UInt64) {
        self.kept = KeptShares(kept)
        self.entries = entries
        self.textBytes = entries.reduce(0) { $0 + $1.textBytes }
        self.forgottenThrough = forgottenThrough
        // A message's reactions all follow it in the window (deletes take them out with it): count them again.
        for index in self.entries.indices { self.entries[index].reactions = 0 }
        for entry in entries {
            if let reference = entry.reference, reference.relation == .reaction { self.countReaction(to: reference.roomSequence) }
        }
    }

    /// Entries in the window (kept shares not counted).
    var count: Int { self.entries.count - self.start }

    /// Appends a message and drops the oldest while over either bound; a share dropped is kept aside.
    mutating func append(_ entry: Entry, limits: ChatLimits) {
        self.entries.append(entry)
        self.textBytes += entry.textBytes
        while self.count > limits.historyMessages || (self.textBytes > limits.historyBytes && self.count > 1) {
            let dropped = self.entries[self.start]
            self.textBytes -= dropped.textBytes
            self.start += 1
            if dropped.isShare {
                self.forget(through: self.kept.keep(dropped, maximumBytes: limits.historyBytes))
            } else {
                self.forget(through: dropped.roomSequence)
            }
        }
        // Compact once the dropped prefix outweighs what is kept.
        if self.start > 64 && self.start * 2 > self.entries.count {
            self.entries.removeFirst(self.start)
            self.start = 0
        }
    }

    private mutating func forget(through roomSequence: UInt64?) {
        if let roomSequence { self.forgottenThrough = max(self.forgottenThrough, roomSequence) }
    }

    /// The messages in the window, oldest first.
    var window: ArraySlice<Entry> { self.entries[self.start...] }

    /// Every entry held, oldest first: the kept shares, then the window.
    var all: Held { Held(kept: self.kept.entries[...], window: self.window) }

    /// The entries after `roomSequence`, and whether some messages after it are no longer held.
    func after(_ roomSequence: UInt64) -> (entries: Held, truncated: Bool) {
        let kept = self.kept.entries
        let window = self.window
        let held = Held(
            kept: kept[(kept.firstIndex { $0.roomSequence > roomSequence } ?? kept.endIndex)...],
            window: window[(window.firstIndex { $0.roomSequence > roomSequence } ?? window.endIndex)...]
        )
        return (held, roomSequence < self.forgottenThrough)
    }

    /// The window's entry with room sequence `roomSequence`, if it is held there.
    func entry(at roomSequence: UInt64) -> Entry? {
        self.windowIndex(of: roomSequence).map { self.entries[$0] }
    }

    /// Counts one more reaction event to the message at `roomSequence`.
    mutating func countReaction(to roomSequence: UInt64) {
        if let index = self.windowIndex(of: roomSequence) { self.entries[index].reactions += 1 }
    }

    /// Drops a deleted message from the window, with its edits and the reactions to it: a later
    /// snapshot holds only the delete, so nobody who joins later gets the text.
    mutating func forget(deleted roomSequence: UInt64) {
        guard let first = self.windowIndex(of: roomSequence) else { return }
        var kept: [Entry] = Array(self.entries[self.start..<first])
        kept.reserveCapacity(self.count)
        for entry in self.entries[first...] {
            let reference = entry.roomSequence == roomSequence ? nil : entry.reference
            let isPart =
                entry.roomSequence == roomSequence
                || (reference?.roomSequence == roomSequence && (reference?.relation == .edit || reference?.relation == .reaction))
            if isPart { self.textBytes -= entry.textBytes } else { kept.append(entry) }
        }
        self.entries = kept
        self.start = 0
    }

    /// Where the entry of `roomSequence` lies in the window (which is in room order), by bisection.
    private func windowIndex(of roomSequence: UInt64) -> Int? {
        var low = self.start
        var high = self.entries.count
        while low < high {
            let middle = (low + high) / 2
            if self.entries[middle].roomSequence < roomSequence { low = middle + 1 } else { high = middle }
        }
        return low < self.entries.count && self.entries[low].roomSequence == roomSequence ? low : nil
    }

    /// Forgets everything, e.g. when the room is evicted.
    mutating func clear() {
        if let last = self.window.last ?? self.kept.entries.last { self.forget(through: last.roomSequence) }
        self.entries.removeAll()
        self.kept = KeptShares()
        self.start = 0
        self.textBytes = 0
    }

    /// Kept shares then window entries, in room order, without copying either.
    struct Held: Sequence {
        let kept: ArraySlice<Entry>
        let window: ArraySlice<Entry>

        func makeIterator() -> FlattenSequence<[ArraySlice<Entry>]>.Iterator {
            [self.kept, self.window].joined().makeIterator()
        }
    }
}
