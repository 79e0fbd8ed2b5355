import NIOCore
import RelayProtocol

extension RoomHub {
    /// The relay's published stream, in order, on the relay link's thread.
    ///
    /// Each event is encoded once and the same bytes are queued to every member; the members' outboxes
    /// are drained once per batch, with one task per event loop.
    func deliver(_ envelopes: [Envelope]) {
        var drains: [Outbox] = []
        for envelope in envelopes {
            switch envelope.kind {
            case .message, .presence: self.fanOut(envelope, drains: &drains)
            case .fileForget where envelope.room.isEmpty: self.tellUploaders(envelope, drains: &drains)
            case .typing, .read, .fileForget: self.fanOutUnsequenced(envelope, drains: &drains)
            default: continue
            }
        }
        Outbox.drainAll(drains)
    }

    /// Queues a `typing`, `read` or `file_expired` to the room's v1 members but its sender (a forgotten body
    /// has none: the relay dropped it): a read marker that is not `visible` only to the connections of the
    /// same person (their other devices).
    private func fanOutUnsequenced(_ envelope: Envelope, drains: inout [Outbox]) {
        let fromHere = envelope.origin.gateway == self.gatewayID
        let privateToPerson = envelope.kind == .read && !envelope.flags.contains(.visible)
        let outboxes = self.state.withLock { state -> [Outbox] in
            guard let members = state.rooms[envelope.room] else { return [] }
            return members.v1.compactMap { connection, member in
                guard !(fromHere && connection == envelope.origin.connection) else { return nil }
                guard !privateToPerson || state.connections[connection].map({ Self.isPerson(of: envelope, $0) }) == true else { return nil }
                return member.outbox
            }
        }
        guard !outboxes.isEmpty else { return }
        let frame = EncodedFrame(payload: Self.unsequencedFrame(envelope))
        for outbox in outboxes {
            let (accepted, needsDrain) = outbox.enqueue(frame)
            if needsDrain { drains.append(outbox) }
            if accepted { self.metrics.framesOut.increment() }
        }
    }

    private static func unsequencedFrame(_ envelope: Envelope) -> ByteBuffer {
        switch envelope.kind {
        case .typing: Frames.typing(envelope)
        case .fileForget: Frames.fileExpired(envelope)
        default: Frames.read(envelope)
        }
    }

    /// Whether `connection` is the person whose read marker `envelope` carries: the same identity key,
    /// or without one, the same name.
    private static func isPerson(of envelope: Envelope, _ connection: Connection) -> Bool {
        guard envelope.payload.isEmpty else { return connection.identityKey == envelope.payload }
        return connection.identityKey == nil && connection.name?.lowercased() == envelope.sender.lowercased()
    }

    /// Queues one room event to every member that has not seen it, holding it for connections still joining.
    private func fanOut(_ envelope: Envelope, drains: inout [Outbox]) {
        let members = self.state.withLock { state -> RoomMembers? in
            if state.pendingByRoom[envelope.room] != nil { Self.hold(envelope, in: &state) }
            return state.rooms[envelope.room]
        }
        guard let members else { return }
        let fromHere = envelope.origin.gateway == self.gatewayID
        var frames = RoomFrames(envelope)
        var delivered = 0
        func queue(to group: [UInt64: Member]) {
            for (connection, member) in group where member.joinedAt < envelope.roomSequence {
                let isSender = fromHere && connection == envelope.origin.connection
                guard let choice = Self.frame(for: envelope, member: member, isSender: isSender) else { continue }
                let linkBase = choice.linksFiles(envelope) ? self.fileLinks.origin(requestedHost: member.linkHost) : ""
                let (accepted, needsDrain) = member.outbox.enqueue(frames.encoded(choice, linkBase: linkBase))
                if needsDrain { drains.append(member.outbox) }
                if accepted { delivered += 1 }
            }
        }
        queue(to: members.v1)
        if members.concernsPlain(envelope) { queue(to: members.plain) }
        queue(to: members.irc)
        self.metrics.framesOut.increment(by: delivered)
    }

    /// The frame `member` gets for `envelope`: ``RoomFrame``'s choice for its mode, refined by an IRC member's own state.
    static func frame(for envelope: Envelope, member: Member, isSender: Bool) -> RoomFrame? {
        guard let choice = RoomFrame(for: envelope, mode: member.mode, isSender: isSender) else { return nil }
        guard let irc = member.irc else { return choice }
        return irc.refine(choice, for: envelope)
    }

    /// Keeps an event of a room that connections wait to enter.
    static func hold(_ envelope: Envelope, in state: inout State) {
        if state.heldByRoom[envelope.room, default: []].count >= Self.heldLimit {
            state.heldByRoom[envelope.room]!.removeFirst()
        }
        state.heldByRoom[envelope.room, default: []].append(envelope)
    }

    /// The frames a connection gets for the events of `room` held while it joined at `sequence`.
    func heldFrames(for connection: UInt64, room: String, after sequence: UInt64, in state: State) -> [ByteBuffer] {
        guard let record = state.connections[connection], let held = state.heldByRoom[room] else { return [] }
        return held.compactMap { envelope in
            guard envelope.roomSequence > sequence else { return nil }
            let isOwn = envelope.origin.gateway == self.gatewayID && envelope.origin.connection == connection
            let member = Member(outbox: record.outbox, mode: record.mode, joinedAt: sequence, linkHost: record.linkHost, irc: record.irc)
            guard let choice = Self.frame(for: envelope, member: member, isSender: isOwn) else { return nil }
            let linkBase = choice.linksFiles(envelope) ? self.fileLinks.origin(requestedHost: record.linkHost) : ""
            return choice.payload(envelope, linkBase: linkBase)
        }
    }
}
