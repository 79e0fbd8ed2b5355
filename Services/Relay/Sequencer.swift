import RelayProtocol

/// The relay's stream: the one place that hands out stream sequences, keeps what was published for
/// replay, and records chat messages in their room's history (the Clone pattern's `++sequence`).
///
/// Both roles of a pair go through it: the active relay sequences gateways' `say`s and the chat
/// state's events, and the passive relay sequences the commands it is sent in exactly the same way.
/// So the passive relay's bytes match the active relay's by construction, not by a second copy of
/// the rule. No ZeroMQ here: tested directly, as ``ChatState`` is.
struct Sequencer {
    /// What became of a `say`.
    ///
    /// The rare cases are `indirect`, so the common one is returned in a word: an `Envelope` inline
    /// made every outcome a copy of a large value (measured with `make bench-instructions`).
    enum SayOutcome: Equatable {
        /// Sequenced, stamped and kept: publish these bytes.
        case published([UInt8])
        /// Already delivered: send this acknowledgement to the sender's gateway, publish nothing.
        indirect case duplicate(Envelope)
        /// Refused: send this error to the sender's gateway.
        indirect case refused(Envelope)
    }

    /// The last stream sequence handed out (0: none yet in this epoch).
    private(set) var sequence: UInt64 = 0
    /// What was published, for gateways that missed some and for a passive relay's snapshot.
    private(set) var replayBuffer: ReplayBuffer

    /// A new stream: nothing published yet.
    init(replayWindow: Int, replayBytes: Int = .max) {
        self.replayBuffer = ReplayBuffer(capacity: replayWindow, byteLimit: replayBytes)
    }

    /// The passive relay's copy of a stream that reached `sequence`, with the envelopes the active relay
    /// held for replay (its ``replayable``), which end at `sequence`.
    init(replayWindow: Int, replayBytes: Int = .max, restoring replayable: some Collection<[UInt8]>, through sequence: UInt64) {
        let first = sequence - UInt64(replayable.count)
        self.replayBuffer = ReplayBuffer(capacity: replayWindow, byteLimit: replayBytes, after: first)
        for (offset, envelope) in replayable.enumerated() {
            self.replayBuffer.append(envelope, sequence: first + 1 + UInt64(offset))
        }
        self.sequence = sequence
    }

    /// Every envelope held for replay, oldest first: what a snapshot carries to the passive relay.
    var replayable: [[UInt8]] {
        self.replayBuffer.envelopes(from: self.replayBuffer.firstSequence, through: self.sequence).envelopes
    }

    /// The hot path: admits a `say`, stamps it where it lies as a `message` with the next sequences,
    /// and keeps it for replay and history. A `say` flagged `file` is admitted only if `checkFile`
    /// allows the body it shares (the active relay asks its file store; the passive one applies the
    /// logged `say` as it is).
    ///
    /// The stamped bytes are copied once, into the published array that replay, history and the
    /// publisher share.
    mutating func sequence(
        say bytes: UnsafeMutableRawBufferPointer,
        header: EnvelopeHeader,
        epoch: UInt64,
        timestamp: UInt64,
        chat: inout ChatState,
        checkFile: FilePostCheck = { _, _, _ in nil }
    ) -> SayOutcome {
        let room = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[header.roomRange]), as: UTF8.self)
        let clientMessageID =
            header.clientMessageIDRange.isEmpty
            ? "" : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[header.clientMessageIDRange]), as: UTF8.self)
        let signerKey = Self.signerKey(of: bytes, header: header)
        var reference: EnvelopeReference?
        if header.flags.contains(.refers) {
            let start = header.payloadRange.lowerBound + (signerKey == nil ? 0 : SignedPayload.prefixBytes)
            guard start <= header.payloadRange.upperBound,
                let (read, _) = EnvelopeReference.read(from: UnsafeRawBufferPointer(rebasing: bytes[start..<header.payloadRange.upperBound]))
            else {
                var error = ChatState.error(.badRequest, "the reference is malformed", to: header.origin, id: clientMessageID)
                error.epoch = epoch
                return .refused(error)
            }
            reference = read
        }
        var file: EnvelopeFileReference?
        if header.flags.contains(.file) {
            let start = header.payloadRange.lowerBound + (signerKey == nil ? 0 : SignedPayload.prefixBytes)
            // A `file` event shares a body; it is not also a reply, edit, delete or reaction.
            guard !header.flags.contains(.refers), start <= header.payloadRange.upperBound,
                let read = EnvelopeFileReference.read(from: UnsafeRawBufferPointer(rebasing: bytes[start..<header.payloadRange.upperBound]))
            else {
                var error = ChatState.error(.badRequest, "the file reference is malformed", to: header.origin, id: clientMessageID)
                error.epoch = epoch
                return .refused(error)
            }
            file = read
        }
        chat.now = timestamp
        let decision = chat.admit(
            say: header.origin,
            room: room,
            clientMessageID: clientMessageID,
            signerKey: signerKey,
            reference: reference,
            file: file,
            checkFile: checkFile
        )
        switch decision {
        case .accept(let roomSequence):
            self.sequence += 1
            EnvelopeHeader.stamp(bytes, kind: .message, epoch: epoch, sequence: self.sequence, roomSequence: roomSequence, timestamp: timestamp)
            let published = Self.withReplyAuthor(bytes, reference: reference, room: room, chat: chat)
            self.replayBuffer.append(published, sequence: self.sequence)
            chat.record(
                published: published,
                origin: header.origin,
                room: room,
                roomSequence: roomSequence,
                timestamp: timestamp,
                textBytes: header.payloadRange.count - (signerKey == nil ? 0 : SignedPayload.prefixBytes),
                clientMessageID: clientMessageID,
                reference: reference
            )
            return .published(published)
        case .duplicate(var ack):
            ack.epoch = epoch
            return .duplicate(ack)
        case .refuse(var error):
            error.epoch = epoch
            return .refused(error)
        }
    }

    /// The say's bytes, with the author of the message it replies to filled in from the room's history
    /// (docs/PROTOCOL.md, "References"): a fact the relay holds, never what the client wrote. Anything but a
    /// reply whose author field is already right is copied as it is.
    private static func withReplyAuthor(
        _ bytes: UnsafeMutableRawBufferPointer,
        reference: EnvelopeReference?,
        room: String,
        chat: ChatState
    ) -> [UInt8] {
        guard let reference, reference.relation == .reply else { return Array(UnsafeRawBufferPointer(bytes)) }
        let author = chat.author(of: reference, in: room)
        guard author != reference.author, var envelope = try? Envelope(decoding: UnsafeRawBufferPointer(bytes)) else {
            return Array(UnsafeRawBufferPointer(bytes))
        }
        var filled = reference
        filled.author = author
        let signature = envelope.signatureStamp == nil ? [] : Array(envelope.payload.prefix(SignedPayload.prefixBytes))
        envelope.payload = signature + filled.bytes + envelope.text
        return envelope.encoded()
    }

    /// The key a `say` flagged `signed` is stamped with; `nil` for an unsigned one. A signed one too short
    /// to hold a key and signature gives an empty key, which matches nobody's.
    private static func signerKey(of bytes: UnsafeMutableRawBufferPointer, header: EnvelopeHeader) -> UnsafeRawBufferPointer? {
        guard header.flags.contains(.signed) else { return nil }
        guard header.payloadRange.count >= SignedPayload.prefixBytes else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = header.payloadRange.lowerBound
        return UnsafeRawBufferPointer(rebasing: bytes[start..<start + SignedPayload.keyBytes])
    }

    /// Gives an event of the chat state (presence) the next sequence and the command's timestamp, and
    /// keeps it for replay.
    mutating func sequence(event: Envelope, epoch: UInt64, timestamp: UInt64) -> [UInt8] {
        var event = event
        self.sequence += 1
        event.epoch = epoch
        event.sequence = self.sequence
        event.timestamp = timestamp
        let bytes = event.encoded()
        self.replayBuffer.append(bytes, sequence: self.sequence)
        return bytes
    }

    /// What became of a webhook's `post`.
    enum PostOutcome: Equatable {
        /// Sequenced and kept: publish these bytes, then answer the gateway with this `ack`.
        case published([UInt8], ack: Envelope)
        /// Refused: send this error to the gateway.
        case refused(Envelope)
    }

    /// A webhook's `post` (docs/PROTOCOL.md, "Incoming webhooks"): admitted by the chat state's post rules,
    /// then sequenced, kept for replay and in its room's history exactly as a plain client's `say`, as a
    /// `message` flagged `plain` (its id is the gateway's request id, which clients are not shown).
    ///
    /// Not the hot path: a post is decoded and re-encoded, which keeps the say path's in-place stamping
    /// free of a second kind.
    mutating func sequence(post: Envelope, epoch: UInt64, timestamp: UInt64, chat: inout ChatState) -> PostOutcome {
        chat.now = timestamp
        let roomSequence: UInt64
        switch chat.admit(post: post.origin, room: post.room, name: post.sender, clientMessageID: post.clientMessageID) {
        case .accept(let sequence): roomSequence = sequence
        case .refuse(var error), .duplicate(var error):  // a post is never a resend: only refusals come back
            error.epoch = epoch
            return .refused(error)
        }
        self.sequence += 1
        let message = Envelope(
            kind: .message,
            flags: .plain,
            epoch: epoch,
            sequence: self.sequence,
            roomSequence: roomSequence,
            timestamp: timestamp,
            origin: post.origin,
            trace: post.trace,
            room: post.room,
            sender: post.sender,
            clientMessageID: post.clientMessageID,
            payload: post.payload
        )
        let published = message.encoded()
        self.replayBuffer.append(published, sequence: self.sequence)
        chat.record(
            published: published,
            origin: post.origin,
            room: post.room,
            roomSequence: roomSequence,
            timestamp: timestamp,
            textBytes: post.payload.count,
            clientMessageID: post.clientMessageID
        )
        var ack = Envelope.ack(
            origin: post.origin,
            clientMessageID: post.clientMessageID,
            room: post.room,
            roomSequence: roomSequence,
            timestamp: timestamp
        )
        ack.epoch = epoch
        return .published(published, ack: ack)
    }

    /// The passive relay's side of the hot path: sequences a message the active relay published
    /// (`header` describes it) as if it were the `say` it came from, with the active relay's timestamp.
    ///
    /// - Returns: whether this relay published the very same bytes. If not, its copy is out of step.
    mutating func sequence(replicated published: [UInt8], header: EnvelopeHeader, epoch: UInt64, chat: inout ChatState) -> Bool {
        guard header.kind == .message else { return false }
        if header.origin.connection == 0 {
            // Only a gateway's own post speaks from connection 0: apply it as the post it was.
            guard let message = try? Envelope(decoding: published) else { return false }
            var post = Envelope.post(
                origin: message.origin,
                room: message.room,
                name: message.sender,
                clientMessageID: message.clientMessageID,
                text: message.payload
            )
            post.trace = message.trace
            guard case .published(let bytes, _) = self.sequence(post: post, epoch: epoch, timestamp: message.timestamp, chat: &chat) else {
                return false
            }
            return bytes == published
        }
        var bytes = published
        return bytes.withUnsafeMutableBytes { bytes in
            self.sequence(say: bytes, header: header, epoch: epoch, timestamp: header.timestamp, chat: &chat) == .published(published)
        }
    }
}
