import ChatProtocol
import RelayProtocol

extension ChatState {
    /// What to do with a `say`.
    enum SayDecision: Equatable {
        /// Publish it with this room sequence.
        case accept(roomSequence: UInt64)
        /// Already delivered: send this acknowledgement, publish nothing.
        case duplicate(Envelope)
        /// Refuse it with this error.
        case refuse(Envelope)
    }

    /// Decides on a `say` and, when accepted, hands out its room sequence. `signerKey` is the key the
    /// say is stamped with (`nil`: an unsigned one); `reference`, what a reply, edit, delete or reaction is
    /// about; `file`, the body a `file` event shares, which `checkFile` (the active relay's file store)
    /// may refuse for the sender's person. A resend is acknowledged before any of these checks: a shared
    /// file's event, sent again, was shared by its first copy.
    mutating func admit(
        say origin: Origin,
        room: String,
        clientMessageID: String,
        signerKey: UnsafeRawBufferPointer? = nil,
        reference: EnvelopeReference? = nil,
        file: EnvelopeFileReference? = nil,
        checkFile: FilePostCheck = { _, _, _ in nil }
    ) -> SayDecision {
        guard let member = self.members[origin] else {
            return .refuse(
                Self.error(.unavailable, "the relay does not know this connection yet; try again in a moment", to: origin, id: clientMessageID)
            )
        }
        guard member.rooms.contains(room) else {
            return .refuse(Self.error(.notInRoom, "you are not in \(room)", to: origin, id: clientMessageID))
        }
        if let problem = Self.signatureProblem(of: member, signed: signerKey != nil, key: signerKey ?? UnsafeRawBufferPointer(start: nil, count: 0)) {
            return .refuse(Self.error(.badSignature, problem, to: origin, id: clientMessageID))
        }
        if !clientMessageID.isEmpty, let first = self.deduplication.record(for: .init(session: member.session, clientMessageID: clientMessageID)) {
            return .duplicate(
                .ack(origin: origin, clientMessageID: clientMessageID, room: first.room, roomSequence: first.roomSequence, timestamp: first.timestamp)
            )
        }
        if let reference, let refusal = self.refusal(of: reference, in: room, from: member, signerKey: signerKey, id: clientMessageID) {
            return .refuse(refusal)
        }
        if let file, let refusal = checkFile(file, member.person, room) {
            return .refuse(Self.error(refusal.code, refusal.message, to: origin, id: clientMessageID))
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
        clientMessageID: String,
        reference: EnvelopeReference? = nil
    ) {
        self.rooms[room]?.history.append(.init(roomSequence: roomSequence, envelope: envelope, textBytes: textBytes), limits: self.limits)
        switch reference?.relation {
        case .reaction: self.rooms[room]?.history.countReaction(to: reference!.roomSequence)
        case .delete: self.rooms[room]?.history.forget(deleted: reference!.roomSequence)
        case .reply, .edit, nil: break
        }
        if !clientMessageID.isEmpty, let member = self.members[origin] {
            self.deduplication.remember(
                .init(session: member.session, clientMessageID: clientMessageID),
                .init(room: room, roomSequence: roomSequence, addressee: "", timestamp: timestamp)
            )
        }
    }

    /// A private message: to the addressee's gateway, and an acknowledgement to the sender's. `payload`
    /// and `flags` are the envelope's: a signed one carries the sender's key and signature before the text.
    mutating func direct(
        origin: Origin,
        to target: String,
        clientMessageID: String,
        payload: [UInt8],
        flags: EnvelopeFlags,
        timestamp: UInt64,
        into effects: inout Effects
    ) {
        guard let member = self.members[origin] else {
            return effects.replies.append(
                Self.error(.unavailable, "the relay does not know this connection yet; try again in a moment", to: origin, id: clientMessageID)
            )
        }
        let signed = flags.contains(.signed)
        guard !signed || payload.count >= SignedPayload.prefixBytes else {
            return effects.replies.append(Self.error(.badSignature, "the signature is cut short", to: origin, id: clientMessageID))
        }
        if let problem = Self.signatureProblem(of: member, signed: signed, key: signed ? payload[..<SignedPayload.keyBytes] : []) {
            return effects.replies.append(Self.error(.badSignature, problem, to: origin, id: clientMessageID))
        }
        let key = DeduplicationWindow.Key(session: member.session, clientMessageID: clientMessageID)
        if !clientMessageID.isEmpty, let first = self.deduplication.record(for: key) {
            return effects.replies.append(
                .ack(origin: origin, clientMessageID: clientMessageID, addressee: first.addressee, timestamp: first.timestamp)
            )
        }
        guard let addressee = self.nameOwners[target.lowercased()], let recipient = self.members[addressee] else {
            return effects.replies.append(Self.error(.unknownUser, "nobody called \"\(target)\" is here", to: origin, id: clientMessageID))
        }
        effects.replies.append(
            .direct(
                origin: addressee,
                sender: member.name,
                addressee: recipient.name,
                clientMessageID: clientMessageID,
                text: payload,
                timestamp: timestamp,
                flags: flags.intersection(.signed)
            )
        )
        effects.replies.append(.ack(origin: origin, clientMessageID: clientMessageID, addressee: recipient.name, timestamp: timestamp))
        if !clientMessageID.isEmpty {
            self.deduplication.remember(key, .init(room: "", roomSequence: 0, addressee: recipient.name, timestamp: timestamp))
        }
    }
}
