import NIOCore
import RelayProtocol

extension RoomHub {
    /// The relay's published stream, in order, on the relay link's thread.
    ///
    /// Each event is encoded once and the same bytes are queued to every member; the members' outboxes
    /// are drained once per batch, with one task per event loop.
    func deliver(_ envelopes: [Envelope]) {
        var drains: [Outbox] = []
        for envelope in envelopes where envelope.kind == .message || envelope.kind == .presence {
            self.fanOut(envelope, drains: &drains)
        }
        Outbox.drainAll(drains)
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
                guard let choice = RoomFrame(for: envelope, mode: member.mode, isSender: isSender) else { continue }
                let (accepted, needsDrain) = member.outbox.enqueue(frames.encoded(choice))
                if needsDrain { drains.append(member.outbox) }
                if accepted { delivered += 1 }
            }
        }
        queue(to: members.v1)
        if members.concernsPlain(envelope) { queue(to: members.plain) }
        self.metrics.framesOut.increment(by: delivered)
    }

    /// Keeps an event of a room that connections wait to enter.
    static func hold(_ envelope: Envelope, in state: inout State) {
        if state.heldByRoom[envelope.room, default: []].count >= Self.heldLimit {
            state.heldByRoom[envelope.room]!.removeFirst()
        }
        state.heldByRoom[envelope.room, default: []].append(envelope)
    }

    /// The frames a connection gets for the events of `room` held while it joined at `sequence`.
    static func heldFrames(for connection: UInt64, room: String, after sequence: UInt64, gatewayID: UInt64, in state: State) -> [ByteBuffer] {
        guard let record = state.connections[connection], let held = state.heldByRoom[room] else { return [] }
        return held.compactMap { envelope in
            guard envelope.roomSequence > sequence else { return nil }
            let isOwn = envelope.origin.gateway == gatewayID && envelope.origin.connection == connection
            return RoomFrame(for: envelope, mode: record.mode, isSender: isOwn)?.payload(envelope)
        }
    }
}
