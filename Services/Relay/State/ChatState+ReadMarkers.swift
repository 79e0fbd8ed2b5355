import RelayProtocol

/// Read markers (docs/PROTOCOL.md, "Read markers"): kept per person, so that a person's devices agree.
extension ChatState {
    /// Moves the marker of `origin`'s person in `room` to `roomSequence` (clamped to the room's last) and
    /// tells every gateway, which passes it to that person's other connections and, if `visible`, to the room.
    mutating func read(origin: Origin, room: String, through roomSequence: UInt64, visible: Bool, into effects: inout Effects) {
        guard let member = self.members[origin], member.rooms.contains(room), let last = self.rooms[room]?.sequence else { return }
        let reader = ReadMarkers.Reader(person: member.person, room: room)
        guard let marker = self.readMarkers.move(reader, to: min(roomSequence, last), visible: visible) else { return }
        effects.broadcast.append(
            .readMarker(
                origin: origin,
                room: room,
                name: member.name,
                through: marker.roomSequence,
                visible: marker.visible,
                key: member.identityKey
            )
        )
    }

    /// What a snapshot of `room` for `origin` says of read markers: its person's own, and the visible
    /// markers of the room's other members, by name.
    func readMarkers(in room: Room, for origin: Origin) -> (own: UInt64?, visible: [String: UInt64]) {
        let mine = self.members[origin].map(\.person)
        var visible: [String: UInt64] = [:]
        for (memberOrigin, name) in room.members {
            guard let member = self.members[memberOrigin] else { continue }
            let person = ReadMarkers.person(name: name, identityKey: member.identityKey)
            guard person != mine, let marker = self.readMarkers[.init(person: person, room: room.name)], marker.visible else { continue }
            visible[name] = marker.roomSequence
        }
        return (mine.flatMap { self.readMarkers[.init(person: $0, room: room.name)]?.roomSequence }, visible)
    }
}
