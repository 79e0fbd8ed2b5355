import ChatConfig
import ChatProtocol
import RelayProtocol

/// Who is connected, under which name, in which rooms, and what each room said: the relay's chat state.
///
/// The relay is the one authority, so names are unique across all gateways and every room has one
/// order. Each operation records what must follow in ``Effects``: envelopes to publish to every
/// gateway (presence) and replies to one gateway. No ZeroMQ here, so every rule is tested directly.
struct ChatState {
    /// What an operation asks the relay loop to send.
    struct Effects {
        /// Sequenced and published to every gateway.
        var publish: [Envelope] = []
        /// Sent to the gateway in each envelope's `origin.gateway`.
        var replies: [Envelope] = []
    }

    let limits: ChatLimits
    private(set) var members: [Origin: Member] = [:]
    /// Lowercased name → its holder: names are unique regardless of case.
    private var nameOwners: [String: Origin] = [:]
    private(set) var rooms: [String: Room] = [:]
    private var deduplication: DeduplicationWindow
    /// Counts activity, to find the least recently used empty room.
    private var activity: UInt64 = 0

    init(limits: ChatLimits) {
        self.limits = limits
        self.deduplication = DeduplicationWindow(capacity: limits.deduplicationWindow)
    }

    // MARK: Connections

    /// A connection takes a name and joins rooms; answered with a `joined` per room, then `welcome`.
    mutating func claim(
        origin: Origin,
        name: String,
        session: String,
        flags: EnvelopeFlags,
        request: ClaimRequest,
        epoch: UInt64,
        into effects: inout Effects
    ) {
        var previousRooms: Set<String> = []
        if let member = self.members[origin] {
            // A gateway re-claiming a connection the relay still knows: nothing to change but the rooms.
            guard flags.contains(.reclaim), member.session == session, member.name.lowercased() == name.lowercased() else {
                return effects.replies.append(Self.error(.alreadyHello, "this connection already has a name", to: origin))
            }
            previousRooms = member.rooms
        } else if let holder = self.nameOwners[name.lowercased()] {
            guard let member = self.members[holder], !session.isEmpty, member.session == session else {
                let suggestion = self.suggestion(for: name)
                return effects.replies.append(
                    Self.error(.nameTaken, "the name \"\(name)\" is taken; try \"\(suggestion)\"", to: origin, suggestion: suggestion)
                )
            }
            // The same session on a new connection: it takes the name and rooms over without leaving.
            previousRooms = member.rooms
            self.transfer(from: holder, to: origin, into: &effects)
        } else {
            self.members[origin] = Member(name: name, origin: origin, session: session, rooms: [], isPlain: flags.contains(.plain))
            self.nameOwners[name.lowercased()] = origin
        }
        self.members[origin]?.isPlain = flags.contains(.plain)

        var requested = Set<String>()
        let rooms = request.rooms.filter { requested.insert($0.name).inserted }
        for room in previousRooms.subtracting(requested).sorted() {
            self.leave(origin: origin, room: room, clientMessageID: "", into: &effects)
        }
        for roomRequest in rooms {
            let room = roomRequest.name
            if !previousRooms.contains(room) {
                guard self.enter(origin: origin, room: room, clientMessageID: "", into: &effects) else { continue }
            }
            let resumeAfter = request.resumeEpoch == epoch ? roomRequest.resumeAfter : nil
            let truncatedByEpoch = request.resumeEpoch != 0 && request.resumeEpoch != epoch && roomRequest.resumeAfter != nil
            effects.replies.append(
                self.snapshot(of: room, for: origin, clientMessageID: "", resumeAfter: resumeAfter, truncated: truncatedByEpoch)
            )
        }
        var maxRooms = [UInt8]()
        maxRooms.append(contentsOf: withUnsafeBytes(of: UInt32(clamping: self.limits.roomsPerConnection).littleEndian, Array.init))
        effects.replies.append(Envelope(kind: .welcome, origin: origin, sender: name, target: session, payload: maxRooms))
    }

    /// A connection is gone: it leaves its rooms and frees its name.
    mutating func release(origin: Origin, into effects: inout Effects) {
        guard let member = self.members[origin] else { return }
        for room in member.rooms.sorted() {
            self.leave(origin: origin, room: room, clientMessageID: "", into: &effects)
        }
        self.members[origin] = nil
        if self.nameOwners[member.name.lowercased()] == origin { self.nameOwners[member.name.lowercased()] = nil }
    }

    /// A gateway died: all of its connections are gone.
    mutating func releaseGateway(_ gateway: UInt64, into effects: inout Effects) {
        for origin in self.members.keys.filter({ $0.gateway == gateway }).sorted(by: { $0.connection < $1.connection }) {
            self.release(origin: origin, into: &effects)
        }
    }

    /// Takes a new name, if nobody else holds it.
    mutating func rename(origin: Origin, to newName: String, clientMessageID: String, into effects: inout Effects) {
        guard let member = self.members[origin] else {
            return effects.replies.append(Self.error(.notReady, "say hello first", to: origin, id: clientMessageID))
        }
        if let holder = self.nameOwners[newName.lowercased()], holder != origin {
            let suggestion = self.suggestion(for: newName)
            return effects.replies.append(
                Self.error(
                    .nameTaken,
                    "the name \"\(newName)\" is taken; try \"\(suggestion)\"",
                    to: origin,
                    id: clientMessageID,
                    suggestion: suggestion
                )
            )
        }
        let oldName = member.name
        self.nameOwners[oldName.lowercased()] = nil
        self.nameOwners[newName.lowercased()] = origin
        self.members[origin]?.name = newName
        for room in member.rooms.sorted() {
            self.rooms[room]?.members[origin] = newName
            self.publishPresence(.renamed, in: room, of: origin, name: newName, from: oldName, into: &effects)
        }
        effects.replies.append(Envelope(kind: .renamed, origin: origin, sender: newName, target: oldName, clientMessageID: clientMessageID))
    }

    // MARK: Rooms

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

    /// Leaves a room; the others see `presence` left. Not being in it is not an error.
    mutating func leave(origin: Origin, room: String, clientMessageID: String, into effects: inout Effects) {
        guard let name = self.rooms[room]?.members.removeValue(forKey: origin) else { return }
        self.members[origin]?.rooms.remove(room)
        self.publishPresence(.left, in: room, of: origin, name: name, from: nil, into: &effects)
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

    // MARK: Messages

    /// What to do with a `say`.
    enum SayDecision: Equatable {
        /// Publish it with this room sequence.
        case accept(roomSequence: UInt64)
        /// Already delivered: send this acknowledgement, publish nothing.
        case duplicate(Envelope)
        /// Refuse it with this error.
        case refuse(Envelope)
    }

    /// Decides on a `say` and, when accepted, hands out its room sequence.
    mutating func admit(say origin: Origin, room: String, clientMessageID: String) -> SayDecision {
        guard let member = self.members[origin] else {
            return .refuse(
                Self.error(.unavailable, "the relay does not know this connection yet; try again in a moment", to: origin, id: clientMessageID)
            )
        }
        guard member.rooms.contains(room) else {
            return .refuse(Self.error(.notInRoom, "you are not in \(room)", to: origin, id: clientMessageID))
        }
        if !clientMessageID.isEmpty, let first = self.deduplication.record(for: .init(session: member.session, clientMessageID: clientMessageID)) {
            return .duplicate(
                Envelope(
                    kind: .ack,
                    roomSequence: first.roomSequence,
                    timestamp: first.timestamp,
                    origin: origin,
                    room: first.room,
                    clientMessageID: clientMessageID
                )
            )
        }
        self.activity += 1
        self.rooms[room]?.lastActive = self.activity
        return .accept(roomSequence: self.rooms[room]!.nextSequence())
    }

    /// Keeps a published message for history and remembers its id against resends.
    mutating func record(
        published envelope: [UInt8],
        origin: Origin,
        room: String,
        roomSequence: UInt64,
        timestamp: UInt64,
        textBytes: Int,
        clientMessageID: String
    ) {
        self.rooms[room]?.history.append(.init(roomSequence: roomSequence, envelope: envelope, textBytes: textBytes), limits: self.limits)
        if !clientMessageID.isEmpty, let member = self.members[origin] {
            self.deduplication.remember(
                .init(session: member.session, clientMessageID: clientMessageID),
                .init(room: room, roomSequence: roomSequence, target: "", timestamp: timestamp)
            )
        }
    }

    /// A private message: to the addressee's gateway, and an acknowledgement to the sender's.
    mutating func direct(origin: Origin, to target: String, clientMessageID: String, text: [UInt8], timestamp: UInt64, into effects: inout Effects) {
        guard let member = self.members[origin] else {
            return effects.replies.append(
                Self.error(.unavailable, "the relay does not know this connection yet; try again in a moment", to: origin, id: clientMessageID)
            )
        }
        let key = DeduplicationWindow.Key(session: member.session, clientMessageID: clientMessageID)
        if !clientMessageID.isEmpty, let first = self.deduplication.record(for: key) {
            return effects.replies.append(
                Envelope(kind: .ack, timestamp: first.timestamp, origin: origin, target: first.target, clientMessageID: clientMessageID)
            )
        }
        guard let addressee = self.nameOwners[target.lowercased()], let recipient = self.members[addressee] else {
            return effects.replies.append(Self.error(.unknownUser, "nobody called \"\(target)\" is here", to: origin, id: clientMessageID))
        }
        effects.replies.append(
            Envelope(
                kind: .direct,
                timestamp: timestamp,
                origin: addressee,
                sender: member.name,
                target: recipient.name,
                clientMessageID: clientMessageID,
                payload: text
            )
        )
        effects.replies.append(Envelope(kind: .ack, timestamp: timestamp, origin: origin, target: recipient.name, clientMessageID: clientMessageID))
        if !clientMessageID.isEmpty {
            self.deduplication.remember(key, .init(room: "", roomSequence: 0, target: recipient.name, timestamp: timestamp))
        }
    }

    // MARK: Private

    /// Adds a member to a room within the limits, publishing `presence` joined. Replies with an error and returns `false` otherwise.
    private mutating func enter(origin: Origin, room: String, clientMessageID: String, into effects: inout Effects) -> Bool {
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
    private mutating func makeSpaceForARoom() -> Bool {
        guard self.rooms.count >= self.limits.rooms else { return true }
        guard let idle = self.rooms.values.filter({ $0.members.isEmpty }).min(by: { $0.lastActive < $1.lastActive }) else { return false }
        self.rooms[idle.name] = nil
        return true
    }

    /// Moves a member (and its rooms and name) to a new connection, telling the old one's gateway to close it.
    private mutating func transfer(from old: Origin, to new: Origin, into effects: inout Effects) {
        guard var member = self.members.removeValue(forKey: old) else { return }
        member.origin = new
        for room in member.rooms {
            if let name = self.rooms[room]?.members.removeValue(forKey: old) { self.rooms[room]?.members[new] = name }
        }
        self.members[new] = member
        self.nameOwners[member.name.lowercased()] = new
        effects.replies.append(Envelope(kind: .evict, origin: old))
    }

    private mutating func publishPresence(
        _ event: EnvelopeFlags,
        in room: String,
        of origin: Origin,
        name: String,
        from oldName: String?,
        into effects: inout Effects
    ) {
        guard var state = self.rooms[room] else { return }
        let sequence = state.nextSequence()
        let members = state.memberNames
        self.rooms[room] = state
        effects.publish.append(
            Envelope(
                kind: .presence,
                flags: event,
                roomSequence: sequence,
                origin: origin,
                room: room,
                sender: name,
                target: oldName ?? "",
                payload: Self.json(members)
            )
        )
    }

    /// The `joined` reply: members, and history after `resumeAfter` (or all that is held).
    private func snapshot(of room: String, for origin: Origin, clientMessageID: String, resumeAfter: UInt64?, truncated: Bool) -> Envelope {
        let state = self.rooms[room] ?? Room(name: room)
        let isPlain = self.members[origin]?.isPlain ?? false
        var writer = JSONWriter(capacity: 1024)
        let (entries, resumeTruncated) = resumeAfter.map { state.history.after($0) } ?? (state.history.all, false)
        RoomSnapshot.write(
            into: &writer,
            room: room,
            seq: state.sequence,
            members: state.memberNames,
            truncated: truncated || resumeTruncated
        ) { writer in
            guard !isPlain else { return }
            for entry in entries {
                guard let message = try? Envelope(decoding: entry.envelope) else { continue }
                ChatMessage.write(
                    into: &writer,
                    kind: message.flags.contains(.action) ? .action : .message,
                    room: room,
                    seq: message.roomSequence,
                    from: message.sender,
                    text: message.payload,
                    time: message.timestamp,
                    id: message.clientMessageID
                )
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

    /// The first of `name2`, `name3`, … that nobody holds, cut to fit the name length limit.
    func suggestion(for name: String) -> String {
        for number in 2... {
            let suffix = String(number)
            let base = String(name.prefix(UserName.maximumCharacters - suffix.count))
            let candidate = base + suffix
            if self.nameOwners[candidate.lowercased()] == nil { return candidate }
        }
        fatalError("unreachable: there are fewer names held than integers")
    }

    static func error(
        _ code: ErrorCode,
        _ message: String,
        to origin: Origin,
        id: String = "",
        room: String = "",
        suggestion: String = ""
    ) -> Envelope {
        Envelope(
            kind: .error,
            origin: origin,
            room: room,
            sender: suggestion,
            target: code.rawValue,
            clientMessageID: id,
            payload: Array(message.utf8)
        )
    }

    static func json(_ names: [String]) -> [UInt8] {
        var writer = JSONWriter(capacity: 16 * names.count + 2)
        writer.beginArray()
        for name in names { writer.string(name) }
        writer.endArray()
        return writer.bytes
    }
}
