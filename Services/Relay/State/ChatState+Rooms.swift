import ChatConfig
import ChatProtocol
import RelayProtocol

extension ChatState {
    /// Joins a room; answered with `joined` and the room's snapshot (also when already in it).
    mutating func join(origin: Origin, room: String, clientMessageID: String, into effects: inout Effects) {
        guard let member = self.members[origin] else {
            return effects.replies.append(Self.error(.notReady, "say hello first", to: origin, id: clientMessageID))
        }
        if !member.rooms.contains(room) {
            guard self.enter(origin: origin, room: room, clientMessageID: clientMessageID, into: &effects) else { return }
        }
        effects.replies.append(self.snapshot(of: room, for: origin, clientMessageID: clientMessageID, resumeAfter: nil, truncated: false))
    }

    /// Leaves a room; the others see `presence` left, flagged `byRequest` when the member asked (a
    /// `leave`, which rotates an encrypted room's key) rather than went away. Not being in it is not an error.
    mutating func leave(origin: Origin, room: String, clientMessageID: String, byRequest: Bool = false, into effects: inout Effects) {
        guard let name = self.rooms[room]?.members.removeValue(forKey: origin) else { return }
        self.members[origin]?.rooms.remove(room)
        self.publishPresence(byRequest ? [.left, .byRequest] : .left, in: room, of: origin, name: name, from: nil, into: &effects)
    }

    /// Who is in a room (anyone may ask about any room).
    func who(origin: Origin, room: String, clientMessageID: String, into effects: inout Effects) {
        effects.replies.append(
            Envelope(
                kind: .members,
                origin: origin,
                room: room,
                clientMessageID: clientMessageID,
                payload: Self.json(self.rooms[room]?.memberNames ?? [])
            )
        )
    }

    /// Adds a member to a room within the limits, publishing `presence` joined. Replies with an error and returns `false` otherwise.
    mutating func enter(origin: Origin, room: String, clientMessageID: String, into effects: inout Effects) -> Bool {
        guard let member = self.members[origin] else { return false }
        guard member.rooms.count < self.limits.roomsPerConnection else {
            effects.replies.append(
                Self.error(
                    .tooManyRooms,
                    "you are in \(self.limits.roomsPerConnection) rooms, the most allowed; leave one first",
                    to: origin,
                    id: clientMessageID,
                    room: room
                )
            )
            return false
        }
        if self.rooms[room] == nil {
            guard self.makeSpaceForARoom() else {
                effects.replies.append(
                    Self.error(.roomFull, "the server has as many rooms as it allows", to: origin, id: clientMessageID, room: room)
                )
                return false
            }
            self.rooms[room] = Room(name: room)
        }
        guard self.rooms[room]!.members.count < self.limits.membersPerRoom else {
            effects.replies.append(
                Self.error(
                    .roomFull,
                    "\(room) has \(self.limits.membersPerRoom) members, the most allowed",
                    to: origin,
                    id: clientMessageID,
                    room: room
                )
            )
            return false
        }
        self.activity += 1
        self.rooms[room]!.lastActive = self.activity
        self.rooms[room]!.members[origin] = member.name
        self.members[origin]!.rooms.insert(room)
        self.publishPresence(.joined, in: room, of: origin, name: member.name, from: nil, into: &effects)
        return true
    }

    /// Forgets the least recently used empty room if the relay holds as many rooms as allowed.
    mutating func makeSpaceForARoom() -> Bool {
        guard self.rooms.count >= self.limits.rooms else { return true }
        guard let idle = self.rooms.values.filter({ $0.members.isEmpty }).min(by: { $0.lastActive < $1.lastActive }) else { return false }
        self.rooms[idle.name] = nil
        return true
    }

    /// The identity keys and sealing keys of a room's members that have them, by name, as a snapshot carries them.
    func memberKeys(of room: Room) -> (keys: [String: String], boxes: [String: String]) {
        var keys: [String: String] = [:]
        var boxes: [String: String] = [:]
        for (origin, name) in room.members {
            guard let member = self.members[origin], let key = member.identityKey else { continue }
            keys[name] = Base64URL.encode(key)
            if let box = member.box { boxes[name] = Base64URL.encode(box) }
        }
        return (keys, boxes)
    }

    /// The `joined` reply: members, and history after `resumeAfter` (or all that is held).
    func snapshot(of room: String, for origin: Origin, clientMessageID: String, resumeAfter: UInt64?, truncated: Bool) -> Envelope {
        let state = self.rooms[room] ?? Room(name: room)
        let isPlain = self.members[origin]?.isPlain ?? false
        var writer = JSONWriter(capacity: 1024)
        let (entries, resumeTruncated) = resumeAfter.map { state.history.after($0) } ?? (state.history.all, false)
        let (keys, boxes) = isPlain ? ([:], [:]) : self.memberKeys(of: state)
        let reads = isPlain ? (own: nil, visible: [:]) : self.readMarkers(in: state, for: origin)
        RoomSnapshot.write(
            into: &writer,
            room: room,
            seq: state.sequence,
            // Plain clients get no snapshot (the gateway reads only its sequence): listing a big room's
            // members for each of them would make a crowd's arrival quadratic.
            members: isPlain ? [] : state.memberNames,
            keys: keys,
            boxes: boxes,
            read: reads.own,
            reads: reads.visible,
            truncated: truncated || resumeTruncated
        ) { writer in
            guard !isPlain else { return }
            for entry in entries {
                guard let message = try? Envelope(decoding: entry.envelope) else { continue }
                message.writeRoomMessage(into: &writer, fileExpired: message.fileReference.map { !self.heldFiles($0.file) } ?? false)
            }
        }
        return Envelope(
            kind: .joined,
            roomSequence: state.sequence,
            origin: origin,
            room: room,
            clientMessageID: clientMessageID,
            payload: writer.bytes
        )
    }
}
