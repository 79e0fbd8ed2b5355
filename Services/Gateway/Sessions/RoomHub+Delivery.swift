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
        let members = self.state.withLock { state -> [UInt64: Member]? in
            if let pending = state.pendingByRoom[envelope.room] {
                for connection in pending { Self.hold(envelope, for: connection, in: &state) }
            }
            return state.rooms[envelope.room]
        }
        guard let members else { return }
        let fromHere = envelope.origin.gateway == self.gatewayID
        var frames = RoomFrames(envelope)
        var delivered = 0
        for (connection, member) in members where member.joinedAt < envelope.roomSequence {
            let isSender = fromHere && connection == envelope.origin.connection
            guard let choice = RoomFrame(for: envelope, mode: member.mode, isSender: isSender) else { continue }
            let frame = frames.encoded(choice)
            let (accepted, needsDrain) = member.outbox.enqueue(frame)
            if needsDrain { drains.append(member.outbox) }
            if accepted {
                delivered += 1
            } else if needsDrain {
                self.metrics.droppedSlow.increment()  // it just closed itself for being full
            }
        }
        self.metrics.framesOut.increment(by: delivered)
    }

    /// Keeps an event for a connection whose snapshot of the room is on its way.
    static func hold(_ envelope: Envelope, for connection: UInt64, in state: inout State) {
        guard state.connections[connection] != nil else { return }
        if state.connections[connection]!.early.count >= Self.earlyLimit {
            state.connections[connection]!.early.removeFirst()
        }
        state.connections[connection]!.early.append(envelope)
    }

    /// The frames a connection gets for the events held while it joined `room` at `sequence`.
    static func heldFrames(for connection: UInt64, room: String, after sequence: UInt64, gatewayID: UInt64, in state: inout State) -> [ByteBuffer] {
        guard let record = state.connections[connection] else { return [] }
        var frames: [ByteBuffer] = []
        var kept: [Envelope] = []
        for envelope in record.early {
            guard envelope.room == room else {
                kept.append(envelope)
                continue
            }
            guard envelope.roomSequence > sequence else { continue }
            let isOwn = envelope.origin.gateway == gatewayID && envelope.origin.connection == connection
            if let choice = RoomFrame(for: envelope, mode: record.mode, isSender: isOwn) { frames.append(choice.payload(envelope)) }
        }
        state.connections[connection]!.early = kept
        return frames
    }
}
