import RelayProtocol
import ZeroMQ

extension RelayLoop {
    /// Handles one frame from a gateway: one envelope, or several back to back (``EnvelopeBatch``).
    ///
    /// `now` and `time` are read once per pass of the loop: every envelope of a pass gets the same
    /// timestamp, which costs nothing in precision (a pass takes well under a millisecond) and saves two
    /// clock reads per message.
    func handle(_ body: ZMQMessage, from identity: ZMQMessage, now: ContinuousClock.Instant, time: UInt64) throws(ZMQError) {
        guard let gateway = self.provenGateways.gateway(of: UnsafeRawBufferPointer(identity.bytes)) else {
            self.metrics.forgedOrigins.increment()
            return self.reject("the connection proves no gateway")
        }
        let bytes = body.bytes
        let size: Int
        do {
            size = try EnvelopeHeader.size(ofEnvelopeAt: UnsafeRawBufferPointer(bytes))
        } catch {
            return self.reject(error.description)
        }
        if size == bytes.count {
            return try self.handle(envelope: bytes, from: identity, gateway: gateway, now: now, time: time)
        }
        let ranges: [Range<Int>]
        do {
            ranges = try EnvelopeBatch.ranges(in: UnsafeRawBufferPointer(bytes))
        } catch {
            return self.reject(error.description)
        }
        for range in ranges {
            try self.handle(envelope: UnsafeMutableRawBufferPointer(rebasing: bytes[range]), from: identity, gateway: gateway, now: now, time: time)
        }
    }

    /// Handles one envelope from `gateway`, the one its connection proves to be; a `say` is stamped where it lies.
    private func handle(
        envelope bytes: UnsafeMutableRawBufferPointer,
        from identity: ZMQMessage,
        gateway: UInt64,
        now: ContinuousClock.Instant,
        time: UInt64
    ) throws(ZMQError) {
        self.metrics.received.increment()
        let header: EnvelopeHeader
        do {
            header = try EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
        } catch {
            return self.reject(error.description)
        }
        // Nobody speaks for another gateway's users, nor takes its replies, even holding the cluster's keys.
        guard header.origin.gateway == gateway else {
            self.metrics.forgedOrigins.increment()
            return self.reject("origin is not the sending connection's gateway")
        }
        if !self.isServing {
            // A passive relay serves nobody, unless a gateway's hello tells it the active one is gone.
            guard header.kind == .hello, self.gatewayAsks(now: now) else { return }
        }
        if header.kind == .say { return try self.publish(say: bytes, header: header, time: time) }
        if header.kind == .fileChunk { return self.receive(chunk: UnsafeRawBufferPointer(bytes), header: header, now: now) }

        let envelope: Envelope
        do {
            envelope = try Envelope(decoding: UnsafeRawBufferPointer(bytes))
        } catch {
            return self.reject(error.description)
        }
        switch envelope.kind {
        case .hello:
            self.heard(from: envelope.origin.gateway, control: identity.array, now: now)
            let sync = Envelope(
                kind: .sync,
                epoch: self.status.epoch,
                sequence: self.sequencer.sequence,
                timestamp: time,
                origin: Origin(gateway: envelope.origin.gateway, connection: 0)
            )
            try self.publish(sync.encoded())
        case .gatewayHeartbeat:
            self.heard(from: envelope.origin.gateway, control: identity.array, now: now)
        case .replayRequest:
            self.heard(from: envelope.origin.gateway, control: identity.array, now: now)
            guard let range = try? ReplayRange(bytes: envelope.payload) else { return self.reject("replay request without a valid range") }
            self.replay(range, toGateway: envelope.origin.gateway)
        case .who:
            var effects = ChatState.Effects()
            self.chat.who(origin: envelope.origin, room: envelope.room, clientMessageID: envelope.clientMessageID, into: &effects)
            try self.send(effects, timestamp: time)
        case .typing:
            self.relay(typing: envelope, now: now)
        case .fileOpen:
            self.open(file: envelope, now: now)
        case .fileRead:
            self.read(file: envelope)
        case .fileChunk:
            return  // read where it lies, above
        case .post:
            // The gateway's own request: its passive copy is told from a say by connection 0 alone.
            guard envelope.origin.connection == 0 else { return self.reject("a post comes from connection 0") }
            try self.publish(post: envelope, time: time)
        case .claim, .join, .leave, .rename, .direct, .release, .read:
            guard let effects = self.execute(envelope, timestamp: time) else { return }
            try self.send(effects, timestamp: time)
            self.replicate(Array(UnsafeRawBufferPointer(bytes)), timestamp: time)
        case .say, .message, .sync, .relayHeartbeat, .replayEnd, .welcome, .joined, .presence, .ack, .renamed, .members, .error, .evict,
            .peerState, .snapshotRequest, .snapshot, .replicate, .replicated, .handover, .fileStatus, .fileData, .fileForget:
            return self.reject("gateways may not send \(envelope.kind)")
        }
    }

    /// Applies a command that changes the chat state; the passive relay of a pair applies the same
    /// commands, in the same order, with the same timestamps, and so reaches the same state.
    ///
    /// - Returns: what to send, or `nil` for an invalid command (rejected and counted).
    func execute(_ envelope: Envelope, timestamp: UInt64) -> ChatState.Effects? {
        var effects = ChatState.Effects()
        self.chat.now = timestamp
        switch envelope.kind {
        case .claim:
            // Connection 0 is the gateway itself (its posts, its downloads): it never holds a name, so that
            // a message from connection 0 is always a post, on the passive relay too.
            guard envelope.origin.connection != 0 else {
                self.reject("connection 0 is the gateway's own and takes no name")
                return nil
            }
            guard let request = try? ClaimRequest(bytes: envelope.payload) else {
                self.reject("claim without a valid room list")
                return nil
            }
            self.chat.claim(
                origin: envelope.origin,
                name: envelope.sender,
                session: envelope.session,
                flags: envelope.flags,
                request: request,
                epoch: self.status.epoch,
                into: &effects
            )
        case .join:
            self.chat.join(origin: envelope.origin, room: envelope.room, clientMessageID: envelope.clientMessageID, into: &effects)
        case .leave:
            self.chat.leave(origin: envelope.origin, room: envelope.room, clientMessageID: envelope.clientMessageID, byRequest: true, into: &effects)
        case .rename:
            self.chat.rename(origin: envelope.origin, to: envelope.requestedName, clientMessageID: envelope.clientMessageID, into: &effects)
        case .direct:
            self.chat.direct(
                origin: envelope.origin,
                to: envelope.addressee ?? "",
                clientMessageID: envelope.clientMessageID,
                payload: envelope.payload,
                flags: envelope.flags,
                timestamp: timestamp,
                into: &effects
            )
        case .release where envelope.origin.connection == 0:
            self.chat.releaseGateway(envelope.origin.gateway, into: &effects)
        case .release:
            self.chat.release(origin: envelope.origin, into: &effects)
        case .read:
            self.chat.read(
                origin: envelope.origin,
                room: envelope.room,
                through: envelope.roomSequence,
                visible: envelope.flags.contains(.visible),
                into: &effects
            )
        default:
            self.reject("not a chat command: \(envelope.kind)")
            return nil
        }
        return effects
    }

    /// The hot path: a chat message is sequenced and stamped in its own buffer, then replicated and
    /// published as is. A `file` event is admitted only for a body the store allows it to share.
    private func publish(say bytes: UnsafeMutableRawBufferPointer, header: EnvelopeHeader, time: UInt64) throws(ZMQError) {
        let outcome: Sequencer.SayOutcome
        if header.flags.contains(.file) {
            outcome = self.sequencer.sequence(say: bytes, header: header, epoch: self.status.epoch, timestamp: time, chat: &self.chat) {
                self.files.refusal(toPost: $0, by: $1, in: $2)
            }
        } else {
            // Without the store's check: a closure that captures the loop cost every message 200 instructions.
            outcome = self.sequencer.sequence(say: bytes, header: header, epoch: self.status.epoch, timestamp: time, chat: &self.chat)
        }
        switch outcome {
        case .published(let published):
            self.replicate(published, timestamp: time)
            try self.publish(published)
            // After the message: a deleted file's `fileForget` follows its `delete`.
            self.noteFiles(ofPublished: published, header: header)
            self.metrics.published.increment()
        case .duplicate(let reply), .refused(let reply):
            self.emit(.reply(reply.encoded(), gateway: header.origin.gateway))
        }
    }

    /// A webhook's message (docs/PROTOCOL.md, "Incoming webhooks"): sequenced like a plain client's `say`
    /// and replicated as the published message, as a `say` is, so a failover keeps it; the gateway's
    /// `ack` is held with the batch, so it answers only what the passive relay has.
    private func publish(post: Envelope, time: UInt64) throws(ZMQError) {
        switch self.sequencer.sequence(post: post, epoch: self.status.epoch, timestamp: time, chat: &self.chat) {
        case .published(let published, let ack):
            self.replicate(published, timestamp: time)
            try self.publish(published)
            self.emit(.reply(ack.encoded(), gateway: post.origin.gateway))
            self.metrics.published.increment()
        case .refused(let error):
            self.emit(.reply(error.encoded(), gateway: post.origin.gateway))
        }
    }

    /// Sends the held envelopes in `range` to one gateway, then a `replayEnd`.
    private func replay(_ range: ReplayRange, toGateway gateway: UInt64) {
        let (envelopes, truncated) = self.sequencer.replayBuffer.envelopes(from: range.first, through: range.last)
        let end = Envelope(
            kind: .replayEnd,
            flags: truncated ? .truncated : [],
            epoch: self.status.epoch,
            sequence: min(range.last, self.sequencer.sequence)
        )
        for envelope in envelopes { self.emit(.reply(envelope, gateway: gateway)) }
        self.emit(.reply(end.encoded(), gateway: gateway))
        self.metrics.replayed.increment(by: envelopes.count)
        if truncated { self.metrics.replaysTruncated.increment() }
        self.logger.debug(
            "replayed",
            metadata: ["first": "\(range.first)", "last": "\(range.last)", "count": "\(envelopes.count)", "truncated": "\(truncated)"]
        )
    }

    /// Notes that a gateway spoke, and where its replies go.
    private func heard(from gateway: UInt64, control identity: [UInt8], now: ContinuousClock.Instant) {
        self.controlSockets[gateway] = identity
        if self.gateways.heard(from: gateway, at: now) {
            self.logger.info("gateway joined", metadata: ["gateway": "\(String(gateway, radix: 16))"])
            self.status.update(gatewayCount: self.gateways.count)
        }
    }
}
