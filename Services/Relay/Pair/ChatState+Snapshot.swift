import ChatConfig
import RelayProtocol

/// The chat state as bytes, for the passive relay of a pair: the Clone pattern's snapshot.
///
/// Everything ``ChatState`` holds goes in: members, rooms with their members, sequences and history,
/// the deduplication window, the name bindings, the read markers and the activity counter, in a fixed order, so that the passive relay
/// applies later commands to exactly the state the active one has.
extension ChatState {
    func snapshotBytes() -> [UInt8] {
        var writer = SnapshotWriter(capacity: 64 * 1024)
        writer.integer(self.activity)
        let members = self.members.values.sorted { ($0.origin.gateway, $0.origin.connection) < ($1.origin.gateway, $1.origin.connection) }
        writer.integer(UInt32(members.count))
        for member in members {
            writer.origin(member.origin)
            writer.string(member.name)
            writer.string(member.session)
            writer.integer(UInt8(member.isPlain ? 1 : 0))
            writer.bytes(member.identityKey ?? [])
            writer.bytes(member.box ?? [])
            writer.integer(UInt32(member.rooms.count))
            for room in member.rooms.sorted() { writer.string(room) }
        }
        writer.integer(UInt32(self.rooms.count))
        for room in self.rooms.values.sorted(by: { $0.name < $1.name }) {
            writer.string(room.name)
            writer.integer(room.sequence)
            writer.integer(room.lastActive)
            writer.integer(UInt32(room.members.count))
            for (origin, name) in room.members.sorted(by: { ($0.key.gateway, $0.key.connection) < ($1.key.gateway, $1.key.connection) }) {
                writer.origin(origin)
                writer.string(name)
            }
            writer.integer(room.history.forgottenThrough)
            for entries in [room.history.kept.entries[...], room.history.window] {
                writer.integer(UInt32(entries.count))
                for entry in entries {
                    writer.integer(entry.roomSequence)
                    writer.integer(UInt32(entry.textBytes))
                    writer.bytes(entry.envelope)
                }
            }
        }
        let remembered = self.deduplication.remembered
        writer.integer(UInt32(remembered.count))
        for (key, record) in remembered {
            writer.string(key.session)
            writer.string(key.clientMessageID)
            writer.string(record.room)
            writer.integer(record.roomSequence)
            writer.string(record.addressee)
            writer.integer(record.timestamp)
        }
        let bindings = self.bindings.bindings.sorted { $0.key < $1.key }
        writer.integer(UInt32(bindings.count))
        for (name, binding) in bindings {
            writer.string(name)
            writer.bytes(binding.key)
            writer.integer(binding.lastUsed)
        }
        writer.integer(self.readMarkers.clock)
        let markers = self.readMarkers.markers.sorted { $0.value.moved < $1.value.moved }
        writer.integer(UInt32(markers.count))
        for (reader, marker) in markers {
            writer.string(reader.person)
            writer.string(reader.room)
            writer.integer(marker.roomSequence)
            writer.integer(UInt8(marker.visible ? 1 : 0))
            writer.integer(marker.moved)
        }
        return writer.bytes
    }

    /// The state ``snapshotBytes()`` wrote, with this relay's own limits.
    init(snapshot bytes: [UInt8], limits: ChatLimits) throws(SnapshotReader.Malformed) {
        self.init(limits: limits)
        var reader = SnapshotReader(bytes)
        self.activity = try reader.integer()
        for _ in 0..<(try reader.count(minimumSize: 37)) {
            let origin = try reader.origin()
            let name = try reader.string()
            let session = try reader.string()
            let isPlain = try reader.integer(UInt8.self) == 1
            let identityKey = try reader.bytes()
            let box = try reader.bytes()
            var rooms = Set<String>()
            for _ in 0..<(try reader.count(minimumSize: 4)) { rooms.insert(try reader.string()) }
            self.members[origin] = Member(
                name: name,
                origin: origin,
                session: session,
                rooms: rooms,
                isPlain: isPlain,
                identityKey: identityKey.isEmpty ? nil : identityKey,
                box: box.isEmpty ? nil : box
            )
            self.nameOwners[name.lowercased()] = origin
        }
        for _ in 0..<(try reader.count(minimumSize: 32)) {
            var room = Room(name: try reader.string())
            room.sequence = try reader.integer()
            room.lastActive = try reader.integer()
            for _ in 0..<(try reader.count(minimumSize: 20)) {
                let origin = try reader.origin()
                room.members[origin] = try reader.string()
            }
            let forgottenThrough: UInt64 = try reader.integer()
            let kept = try Self.historyEntries(from: &reader)
            let entries = try Self.historyEntries(from: &reader)
            room.history = RoomHistory(kept: kept, entries: entries, forgottenThrough: forgottenThrough)
            self.rooms[room.name] = room
        }
        var remembered: [(DeduplicationWindow.Key, DeduplicationWindow.Record)] = []
        for _ in 0..<(try reader.count(minimumSize: 32)) {
            let key = DeduplicationWindow.Key(session: try reader.string(), clientMessageID: try reader.string())
            let record = DeduplicationWindow.Record(
                room: try reader.string(),
                roomSequence: try reader.integer(),
                addressee: try reader.string(),
                timestamp: try reader.integer()
            )
            remembered.append((key, record))
        }
        self.deduplication = DeduplicationWindow(capacity: limits.deduplicationWindow, remembered: remembered)
        for _ in 0..<(try reader.count(minimumSize: 16)) {
            let name = try reader.string()
            self.bindings.restore(name, .init(key: try reader.bytes(), lastUsed: try reader.integer()))
        }
        let clock: UInt64 = try reader.integer()
        var markers: [ReadMarkers.Reader: ReadMarkers.Marker] = [:]
        for _ in 0..<(try reader.count(minimumSize: 25)) {
            let whose = ReadMarkers.Reader(person: try reader.string(), room: try reader.string())
            markers[whose] = .init(roomSequence: try reader.integer(), visible: try reader.integer(UInt8.self) == 1, moved: try reader.integer())
        }
        self.readMarkers = ReadMarkers(markers: markers, clock: clock)
        guard reader.isAtEnd else { throw SnapshotReader.Malformed() }
    }

    /// A count, then that many history entries (sequence, text bytes, envelope).
    private static func historyEntries(from reader: inout SnapshotReader) throws(SnapshotReader.Malformed) -> [RoomHistory.Entry] {
        var entries: [RoomHistory.Entry] = []
        for _ in 0..<(try reader.count(minimumSize: 16)) {
            let roomSequence: UInt64 = try reader.integer()
            let textBytes = Int(try reader.integer(UInt32.self))
            entries.append(.init(roomSequence: roomSequence, envelope: try reader.bytes(), textBytes: textBytes))
        }
        return entries
    }
}
