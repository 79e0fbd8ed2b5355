import ChatProtocol
import Identity
import NIOCore
import RelayProtocol

extension ChatSession {
    /// Handles every frame after the welcome.
    mutating func handle(_ command: ClientMessage, outbox: Outbox) {
        if let problem = command.idProblem {
            // Not echoed: the id is what is wrong. The relay would drop such a frame, and nobody would know.
            outbox.push(Frames.error(.badRequest, problem, id: nil))
            return
        }
        let reply: ByteBuffer?
        switch command {
        case .hello, .prove: reply = nil
        case .say(let say): reply = self.say(say, flags: [])
        case .action(let say): reply = self.say(say, flags: .action)
        case .share(let say): reply = self.share(say)
        case .edit(let event): reply = self.edit(event)
        case .delete(let event): reply = self.delete(event)
        case .reaction(let event): reply = self.reaction(event)
        case .typing(let typing): reply = self.typing(typing)
        case .read(let marker): reply = self.read(marker)
        case .direct(let direct): reply = self.direct(direct)
        case .join(let request): reply = self.join(request)
        case .leave(let request): reply = self.leave(request)
        case .who(let request): reply = self.who(request)
        case .rename(let request): reply = self.rename(request)
        case .upload(let request): reply = self.upload(request)
        case .chunk(let chunk): reply = self.chunk(chunk)
        case .file(let file): reply = self.share(file)
        case .download(let request): reply = self.download(request)
        }
        if let reply { outbox.push(reply) }
    }

    /// A key share: a `say` for v1 members only, from a connection with a key (receivers ignore any other).
    private func share(_ say: Say) -> ByteBuffer? {
        guard self.identityKey != nil else {
            return Frames.error(.badRequest, "a share comes from a proven identity key: send hello with key first", id: say.id)
        }
        return self.say(say, flags: .share)
    }

    private func say(_ say: Say, flags: EnvelopeFlags) -> ByteBuffer? {
        if let problem = self.check(text: say.text, id: say.id) { return problem }
        let reference = say.reply.map { EnvelopeReference(relation: .reply, roomSequence: $0.seq, id: $0.id) }
        return self.send(say.text, to: say.room, id: say.id, sig: say.sig, flags: flags, reference: reference)
    }

    /// Sends a room event whose text passed its checks: a `say` for the relay, signed if this connection
    /// proved a key, with the message it refers to, if any, before the text.
    func send(_ text: String, to roomName: String, id: String?, sig: String?, flags: EnvelopeFlags, reference: EnvelopeReference?) -> ByteBuffer? {
        self.send(body: Array(text.utf8), to: roomName, id: id, sig: sig, flags: flags, reference: reference)
    }

    /// Sends a room event as ``send(_:to:id:sig:flags:reference:)`` does; `body` is what follows the key and
    /// signature, and the reference if any: the text, or a shared file's reference and metadata.
    func send(body: [UInt8], to roomName: String, id: String?, sig: String?, flags: EnvelopeFlags, reference: EnvelopeReference?) -> ByteBuffer? {
        guard let room = try? RoomName(validating: roomName), let sender = self.context.hub.sender(self.context.connectionID, in: room.value)
        else {
            return Frames.error(.notInRoom, "you are not in \(roomName)", id: id)
        }
        guard let signed = self.signed(body, sig: sig, reference: reference) else { return self.badSignature(id: id) }
        let envelope = Envelope(
            kind: .say,
            flags: signed.flags.union(flags).union(reference == nil ? [] : .refers),
            origin: self.context.origin,
            room: room.value,
            sender: sender,
            clientMessageID: id ?? "",
            payload: signed.payload
        )
        return self.failure(of: self.context.send(envelope), id: id)
    }

    private func direct(_ direct: DirectRequest) -> ByteBuffer? {
        guard let target = try? UserName(validating: direct.to) else {
            return Frames.error(.unknownUser, "nobody called \"\(direct.to)\" is here", id: direct.id)
        }
        if let problem = self.check(text: direct.text, id: direct.id) { return problem }
        let text = Array(direct.text.utf8)
        guard let signed = self.signed(text, sig: direct.sig) else {
            return self.badSignature(id: direct.id)
        }
        let envelope = Envelope.direct(
            origin: self.context.origin,
            sender: self.context.hub.name(of: self.context.connectionID) ?? "",
            addressee: target.value,
            clientMessageID: direct.id ?? "",
            text: signed.payload,
            flags: signed.flags
        )
        return self.failure(of: self.context.send(envelope), id: direct.id)
    }

    private func join(_ request: RoomRequest) -> ByteBuffer? {
        let room: RoomName
        do {
            room = try RoomName(validating: request.room)
        } catch {
            return Frames.error(.invalidRoom, "\(request.room): \(error)", id: request.id)
        }
        self.context.hub.beginJoin(self.context.connectionID, room: room.value)
        let envelope = Envelope(kind: .join, origin: self.context.origin, room: room.value, clientMessageID: request.id ?? "")
        let failure = self.failure(of: self.context.send(envelope), id: request.id)
        if failure != nil { self.context.hub.abandonJoin(self.context.connectionID, room: room.value) }
        return failure
    }

    private func leave(_ request: RoomRequest) -> ByteBuffer? {
        guard let room = try? RoomName(validating: request.room), self.context.hub.leave(self.context.connectionID, room: room.value) else {
            return Frames.error(.notInRoom, "you are not in \(request.room)", id: request.id)
        }
        _ = self.context.link.sendAnyway(Envelope(kind: .leave, origin: self.context.origin, room: room.value, clientMessageID: request.id ?? ""))
        return Frames.left(room: room.value, id: request.id)
    }

    private func who(_ request: RoomRequest) -> ByteBuffer? {
        guard let room = try? RoomName(validating: request.room) else {
            return Frames.error(.invalidRoom, "\(request.room): not a room name", id: request.id)
        }
        let envelope = Envelope(kind: .who, origin: self.context.origin, room: room.value, clientMessageID: request.id ?? "")
        return self.failure(of: self.context.send(envelope), id: request.id)
    }

    private func rename(_ request: RenameRequest) -> ByteBuffer? {
        let name: UserName
        do {
            name = try UserName(validating: request.name)
        } catch {
            return Frames.error(.invalidName, error.description, id: request.id)
        }
        let envelope = Envelope.rename(origin: self.context.origin, to: name.value, clientMessageID: request.id ?? "")
        return self.failure(of: self.context.send(envelope), id: request.id)
    }

    /// The payload to send for `text`: for a connection that proved a key, the key and the client's
    /// signature before the text (`nil` without a signature of 64 bytes); for one without, the text.
    ///
    /// The signature is not verified here: every receiver verifies it, and they are the ones who must
    /// not be fooled. The key beside it is the one this connection proved, so a signature that does not
    /// verify can only mark its own sender's message invalid. Verifying here too made a signed message
    /// cost the gateway 5 times an unsigned one's CPU, against 1.24 times without (docs/PERFORMANCE.md, "Identity").
    private func signed(_ text: [UInt8], sig: String?, reference: EnvelopeReference? = nil) -> (payload: [UInt8], flags: EnvelopeFlags)? {
        guard let key = self.identityKey else { return (reference.map { $0.bytes + text } ?? text, []) }
        guard let sig, let signature = Base64URL.decode(sig), signature.count == IdentityKey.signatureByteCount else { return nil }
        return (SignedPayload.make(key: key.bytes, signature: signature, reference: reference, text: text), .signed)
    }

    private func badSignature(id: String?) -> ByteBuffer {
        self.context.metrics.refusedSignature.increment()
        return Frames.error(
            .badSignature,
            "a connection that proved a key signs every message: sig (64 bytes, base64url) is missing or malformed; not sent",
            id: id
        )
    }

    /// The message text rules; a v1 client is told about blank text too.
    func check(text: String, id: String?) -> ByteBuffer? {
        switch MessageText.verdict(on: text.utf8, limit: self.context.configuration.maxMessageBytes) {
        case .relay:
            return nil
        case .blank:
            self.context.metrics.refusedInvalidText.increment()
            return Frames.error(.invalidText, "empty message: not sent", id: id)
        case .refused(let problem):
            self.context.metrics.count(problem)
            return Frames.error(problem.code, "\(problem): not sent", id: id)
        }
    }
}
