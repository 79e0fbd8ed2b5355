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
        /// Published to every gateway outside the stream (sequence 0): read markers.
        var broadcast: [Envelope] = []
        /// Sent to the gateway in each envelope's `origin.gateway`.
        var replies: [Envelope] = []
    }

    let limits: ChatLimits
    // The state below is changed only by ChatState's own methods, in this file and its extensions.
    var members: [Origin: Member] = [:]
    /// Lowercased name → its holder: names are unique regardless of case.
    var nameOwners: [String: Origin] = [:]
    var rooms: [String: Room] = [:]
    var deduplication: DeduplicationWindow
    /// Counts activity, to find the least recently used empty room.
    var activity: UInt64 = 0
    /// Which identity key each name belongs to.
    var bindings: NameBindings
    /// How far each person read each room.
    var readMarkers = ReadMarkers()
    /// The timestamp of the command being applied (ms since 1970): set by the relay loop before each
    /// one, so that both relays of a pair see the same times.
    var now: UInt64 = 0
    /// Whether the file store holds a body, for the `expired` marks of snapshots. The store is not part
    /// of the chat state (bodies are not replicated as commands), so the state only asks: the relay
    /// loop sets this, and without it every body counts as held, which keeps a passive relay's copy and
    /// tests deterministic.
    var heldFiles: (FileID) -> Bool = { _ in true }

    init(limits: ChatLimits) {
        self.limits = limits
        self.deduplication = DeduplicationWindow(capacity: limits.deduplicationWindow)
        self.bindings = NameBindings(ttl: limits.nameBindingTTL, capacity: limits.nameBindings)
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
        // A name someone else is using now is taken, whoever's key it is bound to; the session's own
        // holder taking it over on a new connection must bring the same key.
        let holder = self.nameOwners[name.lowercased()].flatMap { self.members[$0] }
        let heldByAnother = holder.map { session.isEmpty || $0.session != session } ?? false
        if self.members[origin] == nil, !heldByAnother, let refusal = self.bindingRefusal(of: name, to: request.identityKey, for: origin) {
            return effects.replies.append(refusal)
        }
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
        if let key = request.identityKey {
            self.members[origin]?.identityKey = key
            self.members[origin]?.box = request.box
            self.bind(name, to: key)
        }

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
        let limits = WelcomeLimits(maxRooms: self.limits.roomsPerConnection, maxFileBytes: self.limits.fileBytes)
        effects.replies.append(.welcome(origin: origin, name: name, session: session, limits: limits))
    }

    /// A connection is gone: it leaves its rooms and frees its name.
    mutating func release(origin: Origin, into effects: inout Effects) {
        guard let member = self.members[origin] else { return }
        for room in member.rooms.sorted() {
            self.leave(origin: origin, room: room, clientMessageID: "", into: &effects)
        }
        self.members[origin] = nil
        if self.nameOwners[member.name.lowercased()] == origin { self.nameOwners[member.name.lowercased()] = nil }
        if member.identityKey != nil { self.bindings.touch(member.name, now: self.now) }
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
        if let refusal = self.bindingRefusal(of: newName, to: member.identityKey, for: origin, id: clientMessageID) {
            return effects.replies.append(refusal)
        }
        let oldName = member.name
        self.nameOwners[oldName.lowercased()] = nil
        self.nameOwners[newName.lowercased()] = origin
        self.members[origin]?.name = newName
        if let key = member.identityKey {
            // The binding moves with its person: the old name is free for anyone.
            self.bindings.remove(oldName)
            self.bind(newName, to: key)
        }
        for room in member.rooms.sorted() {
            self.rooms[room]?.members[origin] = newName
            self.publishPresence(.renamed, in: room, of: origin, name: newName, from: oldName, into: &effects)
        }
        effects.replies.append(.renamed(origin: origin, name: newName, previousName: oldName, clientMessageID: clientMessageID))
    }

    // MARK: Helpers

    /// Moves a member (and its rooms and name) to a new connection, telling the old one's gateway to close it.
    mutating func transfer(from old: Origin, to new: Origin, into effects: inout Effects) {
        guard var member = self.members.removeValue(forKey: old) else { return }
        member.origin = new
        for room in member.rooms {
            if let name = self.rooms[room]?.members.removeValue(forKey: old) { self.rooms[room]?.members[new] = name }
        }
        self.members[new] = member
        self.nameOwners[member.name.lowercased()] = new
        effects.replies.append(Envelope(kind: .evict, origin: old))
    }

    mutating func publishPresence(
        _ event: EnvelopeFlags,
        in room: String,
        of origin: Origin,
        name: String,
        from oldName: String?,
        into effects: inout Effects
    ) {
        guard let sequence = self.rooms[room]?.nextSequence() else { return }
        // A leaving member's key tells nobody anything: only arrivals and new names carry it.
        let member = event.contains(.left) ? nil : self.members[origin]
        effects.publish.append(
            .presence(
                event,
                origin: origin,
                room: room,
                roomSequence: sequence,
                name: name,
                previousName: oldName,
                key: member?.identityKey,
                box: member?.box
            )
        )
    }

    /// The first of `name2`, `name3`, … that nobody holds and no key is bound to, cut to fit the name length limit.
    func suggestion(for name: String) -> String {
        for number in 2... {
            let suffix = String(number)
            let base = String(name.prefix(UserName.maximumCharacters - suffix.count))
            let candidate = base + suffix
            if self.nameOwners[candidate.lowercased()] == nil && self.boundKey(of: candidate) == nil { return candidate }
        }
        fatalError("unreachable: there are fewer names held than integers")
    }

    static func error(
        _ code: ErrorCode,
        _ message: String,
        to origin: Origin,
        id: String = "",
        room: String = "",
        suggestion: String? = nil
    ) -> Envelope {
        .error(code: code.rawValue, message: message, origin: origin, clientMessageID: id, room: room, suggestion: suggestion)
    }

    static func json(_ names: [String]) -> [UInt8] {
        var writer = JSONWriter(capacity: 16 * names.count + 2)
        writer.beginArray()
        for name in names { writer.string(name) }
        writer.endArray()
        return writer.bytes
    }
}
