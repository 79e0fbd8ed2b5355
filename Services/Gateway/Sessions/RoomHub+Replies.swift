import ChatProtocol
import NIOCore
import NIOWebSocket
import RelayProtocol

extension RoomHub {
    /// A reply from the relay to one of this gateway's connections, on the relay link's thread.
    func reply(_ envelope: Envelope) {
        let connection = envelope.origin.connection
        var frames: [ByteBuffer] = []
        var closing: Outbox.Closing?
        // A body's bytes are encoded once the lock is let go: 32 KiB of base64 holds up no other connection.
        var download = false
        // Likewise an IRC client's lines for a snapshot (its history decoded and worded), a member list or a message.
        var ircAnswer: Connection?
        // An IRC connection whose claim or join the relay answered: lines it holds until then may go on.
        var ircAnswered: IRCMemberState?
        let outbox = self.state.withLock { state -> Outbox? in
            guard let record = state.connections[connection] else { return nil }
            switch envelope.kind {
            case .joined:
                let entered: Bool
                (frames, entered) = self.joined(envelope, connection: connection, in: &state)
                if entered && record.mode == .irc { ircAnswer = record }
                ircAnswered = record.irc
            case .welcome:
                frames = self.welcome(envelope, connection: connection, in: &state)
                ircAnswered = record.irc
            case .error:
                (frames, closing) = self.error(envelope, connection: connection, in: &state)
                ircAnswered = record.irc
            case .renamed:
                state.connections[connection]?.name = envelope.sender
                if record.mode == .v1 { frames = [Frames.renamed(envelope)] }
                if record.mode == .irc { frames = [IRCReplies.renamed(from: record.name ?? "", to: envelope.sender)] }
            case .ack: if record.mode == .v1 { frames = [Frames.ack(envelope)] }
            case .members:
                if record.mode == .v1 { frames = [Frames.members(envelope)] }
                if record.mode == .irc { ircAnswer = record }
            case .direct:
                switch record.mode {
                case .v1: frames = [Frames.direct(envelope)]
                case .plain: frames = [Frames.plainDirect(envelope)]
                case .irc: ircAnswer = record
                }
            case .fileStatus: if record.mode == .v1 { frames = self.fileStatus(envelope, connection: connection, in: &state) }
            case .fileData: download = record.mode == .v1
            case .evict: closing = .replaced
            default: break
            }
            return record.outbox
        }
        guard let outbox else { return }
        if download { frames = self.fileData(envelope) }
        if let ircAnswer { frames.insert(contentsOf: self.ircLines(answering: envelope, to: ircAnswer), at: 0) }
        for frame in frames { outbox.push(frame) }
        if let closing { outbox.close(closing) }
        ircAnswered?.answered()
        self.metrics.framesOut.increment(by: frames.count)
    }

    /// A room's snapshot: collected for the welcome during a claim, or sent as `joined` and the room entered
    /// (`entered`; an IRC client's lines for it are built by the caller, after the lock).
    private func joined(_ envelope: Envelope, connection: UInt64, in state: inout State) -> (frames: [ByteBuffer], entered: Bool) {
        guard let record = state.connections[connection] else { return ([], false) }
        if let hello = record.hello, envelope.clientMessageID.isEmpty {
            // A silent re-claim: the connection is still in the room and the stream was replayed.
            guard !hello.silent else { return ([], false) }
            // The room stays awaited (its events held) until the welcome makes the connection a member.
            state.connections[connection]!.hello!.snapshots.append(envelope.payload)
            state.connections[connection]!.hello!.rooms.append((envelope.room, envelope.roomSequence))
            return ([], false)
        }
        var frames: [ByteBuffer] = []
        if record.mode == .v1 { frames.append(Frames.joined(envelope)) }
        frames += self.enter(envelope.room, at: envelope.roomSequence, connection: connection, in: &state)
        return (frames, true)
    }

    /// The claim succeeded: the connection has its name, its welcome, and its rooms.
    private func welcome(_ envelope: Envelope, connection: UInt64, in state: inout State) -> [ByteBuffer] {
        guard let record = state.connections[connection], let hello = record.hello else { return [] }
        state.connections[connection]!.hello = nil
        state.connections[connection]!.name = envelope.sender
        let relayLimits = envelope.welcomeLimits
        if let relayLimits { state.connections[connection]!.maxFileBytes = relayLimits.maxFileBytes }
        guard !hello.silent else { return [] }
        var frames: [ByteBuffer] = []
        if record.mode == .v1 {
            var limits = self.limits
            if let relayLimits {
                limits.maxRooms = Int(relayLimits.maxRooms)
                limits.maxFileBytes = relayLimits.maxFileBytes
            }
            frames.append(
                Frames.welcome(
                    name: envelope.sender,
                    key: record.identityKey.map(Base64URL.encode),
                    session: envelope.session,
                    epoch: envelope.epoch,
                    snapshots: hello.snapshots,
                    limits: limits
                )
            )
        }
        // An IRC client is welcomed once: after a relay restart it re-enters its channels and sees nothing of it.
        if record.mode == .irc && record.name == nil { frames.append(IRCReplies.welcome(nick: IRCNick.encode(envelope.sender))) }
        for (room, sequence) in hello.rooms {
            frames += self.enter(room, at: hello.fromStart ? 0 : sequence, connection: connection, in: &state)
        }
        // A room of the claim with neither snapshot nor error is not waited for any longer.
        for room in state.connections[connection]?.pendingRooms ?? [] { Self.settle(room, for: connection, in: &state) }
        return frames
    }

    /// An error for a request; a failed claim ends it (and a plain client's connection).
    private func error(_ envelope: Envelope, connection: UInt64, in state: inout State) -> ([ByteBuffer], Outbox.Closing?) {
        guard let record = state.connections[connection] else { return ([], nil) }
        let code = ErrorCode(rawValue: envelope.errorCode) ?? .badRequest
        let message = envelope.errorMessage
        let id = envelope.clientMessageID.isEmpty ? nil : envelope.clientMessageID
        let claimFailed = record.hello != nil && id == nil && (code == .nameTaken || code == .nameBound || code == .alreadyHello)
        if claimFailed {
            for room in record.pendingRooms { Self.settle(room, for: connection, in: &state) }
            state.connections[connection]!.hello = nil
            state.connections[connection]!.claimed = false
        } else if !envelope.room.isEmpty {
            // A room could not be entered: its snapshot will not come.
            Self.settle(envelope.room, for: connection, in: &state)
        }
        if claimFailed && record.name != nil {
            // A re-claim lost the name to someone else while this gateway was away from the relay.
            return ([], .nameLost)
        }
        switch record.mode {
        case .v1:
            return ([Frames.error(code, message, id: id, suggestion: envelope.suggestedName)], nil)
        case .plain:
            let ends = claimFailed || (record.name == nil && !envelope.room.isEmpty)
            return ([Frames.plainError(message)], ends ? Outbox.Closing(code: .policyViolation, reason: message) : nil)
        case .irc:
            return ([IRCReplies.error(code, message, id: envelope.clientMessageID, claimFailed: claimFailed, record: record)], nil)
        }
    }

    /// Makes the connection a member of `room` from `sequence` on, and returns the events held meanwhile.
    private func enter(_ room: String, at sequence: UInt64, connection: UInt64, in state: inout State) -> [ByteBuffer] {
        guard let record = state.connections[connection] else { return [] }
        state.connections[connection]!.rooms[room] = sequence
        let member = Member(outbox: record.outbox, mode: record.mode, joinedAt: sequence, linkHost: record.linkHost, irc: record.irc)
        state.rooms[room, default: RoomMembers()].insert(member, as: connection)
        let held = self.heldFrames(for: connection, room: room, after: sequence, in: state)
        Self.settle(room, for: connection, in: &state)
        return held
    }

    /// The room is no longer awaited by this connection; its held events go with the last one waiting.
    static func settle(_ room: String, for connection: UInt64, in state: inout State) {
        state.connections[connection]?.pendingRooms.remove(room)
        state.pendingByRoom[room]?.remove(connection)
        if state.pendingByRoom[room]?.isEmpty == true {
            state.pendingByRoom[room] = nil
            state.heldByRoom[room] = nil
        }
    }

    /// The link is back after a loss: every connection the relay knew claims its name and rooms again.
    ///
    /// After a relay restart the rooms start over: memberships are dropped, events are held, and v1
    /// clients get a fresh `welcome` for the new epoch. In the same epoch the stream is replayed from
    /// where this gateway left off, so clients notice nothing and the relay's answers are absorbed.
    func relinked(relayRestarted: Bool) -> [Envelope] {
        self.state.withLock { state in
            // A restarted relay numbers its rooms from the start again: what was held is of the old epoch.
            if relayRestarted { state.heldByRoom = [:] }
            var claims: [Envelope] = []
            for (connection, record) in state.connections.sorted(by: { $0.key < $1.key }) where record.claimed {
                let rooms = Set(record.rooms.keys).union(record.pendingRooms).sorted()
                var updated = record
                if relayRestarted || record.name == nil {
                    for room in record.rooms.keys { Self.removeMember(connection, from: room, in: &state) }
                    updated.rooms = [:]
                    updated.hello = PendingHello(fromStart: relayRestarted && record.mode == .plain)
                } else {
                    updated.hello = PendingHello(silent: true)
                }
                state.connections[connection] = updated
                if !updated.hello!.silent {
                    for room in rooms { Self.expect(room, for: connection, in: &state) }
                }
                claims.append(
                    Envelope.claim(
                        origin: Origin(gateway: self.gatewayID, connection: connection),
                        name: record.name ?? record.requestedName,
                        session: record.session,
                        request: ClaimRequest(rooms: rooms.map { ClaimRequest.Room(name: $0) }, identityKey: record.identityKey, box: record.box),
                        flags: record.mode == .plain ? [.reclaim, .plain] : [.reclaim]
                    )
                )
            }
            return claims
        }
    }
}

extension Outbox.Closing {
    /// The session continued on a newer connection (4001, application-defined).
    static let replaced = Outbox.Closing(code: .unknown(4001), reason: "session resumed on another connection")
    /// The relay lost track of this connection and its name went to someone else (4002); reconnect.
    static let nameLost = Outbox.Closing(code: .unknown(4002), reason: "name lost while the chat relay was unreachable; reconnect")
}
