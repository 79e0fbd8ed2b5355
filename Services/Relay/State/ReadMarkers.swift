import ChatProtocol

/// How far each person read each room (docs/PROTOCOL.md, "Read markers"): one marker per person and
/// room, only ever moving forward, the least recently moved forgotten first past the capacity.
///
/// Part of the chat state, so both relays of a pair hold the same markers: eviction depends only on
/// the order markers moved in, never on a dictionary's order.
struct ReadMarkers: Sendable {
    /// Whose marker: a person is their identity key, or, for a client without one, their name.
    struct Reader: Sendable, Hashable {
        let person: String
        let room: String
    }

    struct Marker: Sendable, Hashable {
        var roomSequence: UInt64
        var visible: Bool
        /// When it last moved, in the store's own count: what eviction goes by.
        var moved: UInt64
    }

    static let capacity = 100_000

    private(set) var markers: [Reader: Marker] = [:]
    private(set) var clock: UInt64 = 0

    init() {}

    /// Markers as a snapshot recorded them.
    init(markers: [Reader: Marker], clock: UInt64) {
        self.markers = markers
        self.clock = clock
    }

    /// The person a member is, as markers key them: names cannot hold `:`, so neither kind passes for the other.
    static func person(name: String, identityKey: [UInt8]?) -> String {
        identityKey.map { "key:" + Base64URL.encode($0) } ?? "name:" + name.lowercased()
    }

    subscript(reader: Reader) -> Marker? { self.markers[reader] }

    /// Moves `reader`'s marker to `roomSequence` (never back) and sets whether others may see it.
    /// - Returns: the marker, if it changed.
    mutating func move(_ reader: Reader, to roomSequence: UInt64, visible: Bool) -> Marker? {
        let old = self.markers[reader]
        let sequence = max(roomSequence, old?.roomSequence ?? 0)
        guard old == nil || sequence != old!.roomSequence || visible != old!.visible else { return nil }
        self.clock += 1
        let marker = Marker(roomSequence: sequence, visible: visible, moved: self.clock)
        self.markers[reader] = marker
        if self.markers.count > Self.capacity + Self.capacity / 100 { self.evictOldest() }
        return marker
    }

    /// Forgets the least recently moved 1% beyond the capacity, in one pass.
    private mutating func evictOldest() {
        let excess = self.markers.count - Self.capacity
        for (reader, _) in self.markers.sorted(by: { $0.value.moved < $1.value.moved }).prefix(excess) {
            self.markers[reader] = nil
        }
    }
}
