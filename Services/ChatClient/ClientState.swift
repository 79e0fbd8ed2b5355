public import ChatProtocol

/// Everything a client remembers across connections, and what each server frame means for it.
///
/// Free of I/O so the rules are tested directly: the session and epoch to resume, each room's last
/// sequence number (so nothing is shown twice), the rooms to be in, and messages sent but not yet
/// acknowledged (resent with the same id after a reconnect, which the server never delivers twice).
public struct ClientState: Sendable {
    public struct Room: Sendable, Equatable {
        /// The highest room sequence number seen.
        public var lastSeq: UInt64
        public var members: [String]
    }

    /// The name to ask for, and after the welcome the name granted.
    public private(set) var name: String
    public private(set) var session: String?
    public private(set) var epoch: String?
    /// Rooms to be in, in the order they were asked for.
    public private(set) var wantedRooms: [String]
    public private(set) var rooms: [String: Room] = [:]
    public private(set) var limits: Welcome.Limits?
    public private(set) var isWelcomed = false
    /// Frames waiting for the connection.
    private(set) var queue: [ClientMessage] = []
    /// Messages sent and not yet acknowledged, oldest first.
    public private(set) var unacknowledged: [ClientMessage] = []
    /// Ids of queued frames that wait until released (``hold(_:)``).
    public private(set) var held: Set<String> = []
    /// Joins sent and not yet answered, by id, so a refusal can drop the room.
    private var joinsInFlight: [String: String] = [:]
    /// The id of a rename sent and not yet answered: nothing else is sent meanwhile.
    private var renameInFlight: String?
    /// Requests sent (`join`, `leave`, `who`, `rename`) whose answer has not come yet, oldest first.
    private var unanswered: [ClientMessage] = []
    /// How often each message was refused as `unavailable` or `busy`, to give up after a while.
    private var retries: [String: Int] = [:]
    private var idPrefix: String
    private var counter = 0
    private var shareCounter = 0
    private var transferCounter = 0

    public init(name: String, rooms: [String]) {
        self.name = name
        self.wantedRooms = rooms.isEmpty ? [RoomName.lobby.value] : rooms
        self.idPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// Nothing waits to be sent, acknowledged or answered.
    public var isIdle: Bool { self.queue.isEmpty && self.unacknowledged.isEmpty && self.unanswered.isEmpty }

    /// The `hello` for the next connection, resuming where the last one left off.
    public func hello(key: String? = nil) -> ClientMessage {
        var resume: Hello.Resume?
        if let epoch = self.epoch, !self.rooms.isEmpty {
            resume = Hello.Resume(epoch: epoch, rooms: self.rooms.mapValues(\.lastSeq))
        }
        return .hello(Hello(name: self.name, key: key, rooms: self.wantedRooms, session: self.session, resume: resume))
    }

    // MARK: Sending

    /// A fresh id for a frame of this client: `PREFIX-1`, `PREFIX-2`, … in the order they are asked for.
    public mutating func makeID() -> String {
        self.counter += 1
        return "\(self.idPrefix)-\(self.counter)"
    }

    /// A fresh id for a key share: `PREFIX-key1`, `PREFIX-key2`, …, counted apart, so that shares
    /// (which come from events too: a leave, a snapshot) leave the other ids numbered in the order
    /// the user's lines asked for them.
    public mutating func makeShareID() -> String {
        self.shareCounter += 1
        return "\(self.idPrefix)-key\(self.shareCounter)"
    }

    /// A fresh id for a file transfer's `upload`, `chunk` and `download` frames: `PREFIX-t1`, `PREFIX-t2`, …,
    /// counted apart like shares, since a file's chunks are many.
    public mutating func makeTransferID() -> String {
        self.transferCounter += 1
        return "\(self.idPrefix)-t\(self.transferCounter)"
    }

    /// Queues a frame to send once connected (and welcomed); `first`: before what is queued already
    /// (a room key's share, which must come before the messages sealed with it).
    public mutating func enqueue(_ message: ClientMessage, first: Bool = false) {
        switch message {
        case .join(let request): if !self.wantedRooms.contains(request.room) { self.wantedRooms.append(request.room) }
        case .leave(let request):
            self.wantedRooms.removeAll { $0 == request.room }
            self.rooms[request.room] = nil
        default: break
        }
        if first { self.queue.insert(message, at: 0) } else { self.queue.append(message) }
    }

    /// The next frame to write; messages move to the unacknowledged list until their `ack`.
    ///
    /// While a rename is unanswered it returns nothing: the server names the sender of a message by
    /// the name it has when the message arrives, and an encrypted room's messages are sealed with
    /// that name (``name``), which is only known once the rename is answered.
    public mutating func dequeue() -> ClientMessage? {
        guard self.isWelcomed, self.renameInFlight == nil,
            let index = self.queue.firstIndex(where: { $0.id.map { !self.held.contains($0) } ?? true })
        else { return nil }
        let message = self.queue.remove(at: index)
        switch message {
        case .say, .action, .share, .direct, .edit, .delete, .reaction, .file: self.unacknowledged.append(message)
        case .rename(let request): self.renameInFlight = request.id
        case .join(let request): if let id = request.id { self.joinsInFlight[id] = request.room }
        case .hello, .prove, .leave, .who, .typing, .read, .upload, .chunk, .download: break
        }
        if !Self.isMessage(message), message.id != nil { self.unanswered.append(message) }
        return message
    }

    /// Keeps the queued frame `id` from leaving until ``release(_:)``: an upload's `file` event after a
    /// reconnect, which the gateway takes only once the upload was resumed on the new connection. It is
    /// still the client's own message: acknowledged if a resumed history holds it.
    public mutating func hold(_ id: String) {
        self.held.insert(id)
    }

    public mutating func release(_ id: String) {
        self.held.remove(id)
    }

    /// Drops the frame `id`, wherever it waits: it will not be sent (its upload failed).
    public mutating func withdraw(_ id: String) {
        self.held.remove(id)
        self.queue.removeAll { $0.id == id }
        self.unacknowledged.removeAll { $0.id == id }
    }

    /// The connection dropped: unacknowledged messages go back to the front of the queue, to be resent.
    public mutating func connectionLost() {
        self.isWelcomed = false
        self.renameInFlight = nil
        // Joins and leaves are settled by the next hello, which lists the wanted rooms; an unanswered
        // `who` or rename is asked again. Typing is a hint of the moment: stale once reconnected.
        let requests = (self.unanswered + self.queue).filter {
            switch $0 {
            case .join, .leave, .typing: false
            default: true
            }
        }
        self.queue = self.unacknowledged + requests
        self.unacknowledged = []
        self.unanswered = []
    }

    // MARK: Receiving

    /// Applies one server frame and returns what the user should see.
    public mutating func receive(_ message: ServerMessage) -> [ChatEvent] {
        if let id = message.answers { self.unanswered.removeAll { $0.id == id } }
        switch message {
        case .welcome(let welcome): return self.welcome(welcome)
        case .challenge: return []
        // Not room events: ChatClient keeps typists and read markers, with their clock.
        case .typing, .read: return []
        // File transfers: ChatClient's transfers follow them.
        case .uploadReady, .stored, .fileData: return []
        case .fileExpired(let expired):
            return self.rooms[expired.room] != nil ? [.fileExpired(room: expired.room, file: expired.file, message: nil)] : []
        case .message(let message): return self.isNew(message.room, message.seq) ? [.message(message, isHistory: false)] : []
        case .presence(let presence):
            guard self.isNew(presence.room, presence.seq) else { return [] }
            let members = MemberList.applying(presence, to: self.rooms[presence.room]?.members ?? [])
            self.rooms[presence.room]?.members = members
            return [.presence(presence, members: members)]
        case .ack(let ack):
            self.unacknowledged.removeAll { $0.id == ack.id }
            self.held.remove(ack.id)
            self.retries[ack.id] = nil
            if let room = ack.room, let seq = ack.seq { _ = self.isNew(room, seq) }
            return [.acknowledged(ack)]
        case .direct(let direct): return [.direct(direct)]
        case .joined(let joined):
            if let id = joined.id { self.joinsInFlight[id] = nil }
            if !self.wantedRooms.contains(joined.snapshot.room) { self.wantedRooms.append(joined.snapshot.room) }
            return [.joined(joined.snapshot)] + self.apply(joined.snapshot)
        case .left(let left):
            self.rooms[left.room] = nil
            return [.left(room: left.room)]
        case .members(let members): return [.members(members)]
        case .renamed(let renamed):
            self.renameInFlight = nil
            // The renamer gets no presence of its own rename: its lists change here.
            for (room, state) in self.rooms {
                let presence = Presence(room: room, seq: 0, event: .renamed, name: renamed.name, from: self.name)
                self.rooms[room]?.members = MemberList.applying(presence, to: state.members)
            }
            self.name = renamed.name
            return [.renamed(renamed)]
        case .error(let error):
            if let id = error.id, id == self.renameInFlight { self.renameInFlight = nil }
            if let id = error.id, let index = self.unacknowledged.firstIndex(where: { $0.id == id }), self.isWorthRetrying(error.code, id: id) {
                // Sent faster than the server allows, or while its relay was away for a moment (a
                // failover): send it again, first, after a pause.
                self.queue.insert(self.unacknowledged.remove(at: index), at: 0)
                return [.throttled]
            }
            if let id = error.id { self.unacknowledged.removeAll { $0.id == id } }
            if error.code == .notInRoom || error.code == .tooManyRooms || error.code == .roomFull || error.code == .invalidRoom {
                self.dropWanted(id: error.id)
            }
            return [.refused(error)]
        }
    }

    private mutating func welcome(_ welcome: Welcome) -> [ChatEvent] {
        let resumed = self.epoch != nil
        let restarted = resumed && self.epoch != welcome.epoch
        if self.epoch != welcome.epoch { self.rooms = [:] }
        self.name = welcome.name
        self.session = welcome.session
        self.epoch = welcome.epoch
        self.limits = welcome.limits
        self.isWelcomed = true
        self.wantedRooms = welcome.rooms.map(\.room)
        for room in Array(self.rooms.keys) where !self.wantedRooms.contains(room) { self.rooms[room] = nil }
        var events: [ChatEvent] = [.welcomed(welcome, resumed: resumed)]
        if restarted { events.append(.serverRestarted) }
        for snapshot in welcome.rooms { events += self.apply(snapshot, reportGap: !restarted) }
        return events
    }

    /// History the client has not seen; our own unacknowledged messages in it count as acknowledged.
    private mutating func apply(_ snapshot: RoomSnapshot, reportGap: Bool = true) -> [ChatEvent] {
        var events: [ChatEvent] = []
        if snapshot.truncated && reportGap { events.append(.historyGap(room: snapshot.room)) }
        let known = self.rooms[snapshot.room]
        for message in snapshot.history where message.seq > (known?.lastSeq ?? 0) {
            if message.from == self.name, let id = message.id, self.isOwnUnacknowledged(id) {
                // Sent before the connection dropped, and it did arrive: not to be sent again.
                self.unacknowledged.removeAll { $0.id == id }
                self.queue.removeAll { $0.id == id && Self.isMessage($0) }
                self.held.remove(id)
                events.append(.acknowledged(Ack(id: id, room: message.room, seq: message.seq, time: message.time)))
            } else {
                // Missed while reconnecting is news; what was said before we first came is history.
                events.append(.message(message, isHistory: known == nil))
            }
        }
        self.rooms[snapshot.room] = Room(lastSeq: max(known?.lastSeq ?? 0, snapshot.seq), members: snapshot.members)
        return events
    }

    private func isOwnUnacknowledged(_ id: String) -> Bool {
        self.unacknowledged.contains { $0.id == id } || self.queue.contains { $0.id == id && Self.isMessage($0) }
    }

    /// Retries ride out a relay failover (about a second, paced by the client's rate limit); a server
    /// that stays unavailable much longer gets the refusal shown.
    public static let maximumRetries = 40

    private mutating func isWorthRetrying(_ code: ErrorCode, id: String) -> Bool {
        switch code {
        case .rateLimited: return true
        case .unavailable, .busy:
            let count = self.retries[id, default: 0] + 1
            self.retries[id] = count < Self.maximumRetries ? count : nil
            return count < Self.maximumRetries
        default: return false
        }
    }

    static func isMessage(_ message: ClientMessage) -> Bool {
        switch message {
        case .say, .action, .share, .direct, .edit, .delete, .reaction, .file: true
        default: false
        }
    }

    /// Whether a room event is newer than anything seen; records it if so.
    private mutating func isNew(_ room: String, _ seq: UInt64) -> Bool {
        guard let known = self.rooms[room] else { return false }
        guard seq > known.lastSeq else { return false }
        self.rooms[room]?.lastSeq = seq
        return true
    }

    /// A refused join: the room is no longer wanted.
    private mutating func dropWanted(id: String?) {
        guard let id, let room = self.joinsInFlight.removeValue(forKey: id) else { return }
        self.wantedRooms.removeAll { $0 == room }
    }
}

extension ServerMessage {
    /// The id of the request this frame answers, if it answers one.
    fileprivate var answers: String? {
        switch self {
        case .joined(let joined): joined.id
        case .left(let left): left.id
        case .members(let members): members.id
        case .renamed(let renamed): renamed.id
        case .error(let error): error.id
        case .uploadReady(let ready): ready.id
        case .stored(let stored): stored.id
        case .fileData(let data): data.id
        case .fileExpired: nil
        case .welcome, .challenge, .message, .presence, .ack, .direct, .typing, .read: nil
        }
    }
}
