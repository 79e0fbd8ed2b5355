import ChatProtocol
import Logging
import RelayProtocol

/// File bodies (docs/PROTOCOL.md, "Files" and "File bodies"): gateways' uploads, chunks and reads,
/// answered from the ``FileStore``, and what sharing or deleting a `file` event does to its body.
///
/// None of it is a chat command: it stays out of the command log, and is answered at once over the
/// collector, without waiting for the passive relay's confirmation (the passive relay gets the bodies
/// on the side, `RelayLoop+FileReplication.swift`).
extension RelayLoop {
    /// Lets the chat state ask the store which bodies it holds, for its snapshots' `expired` marks.
    /// Called for every chat state the loop adopts.
    func letChatAskForFiles() {
        self.chat.heldFiles = { [unowned self] in self.files.holds($0) }
    }

    /// `fileOpen`: a member of `room` starts an upload, or goes on with one of their own.
    func open(file envelope: Envelope, now: ContinuousClock.Instant) {
        let origin = envelope.origin
        guard let member = self.chat.members[origin], member.rooms.contains(envelope.room) else {
            return self.refuse(FileRefusal(.notInRoom, "you are not in \(envelope.room)"), origin: origin, clientMessageID: envelope.clientMessageID)
        }
        guard let size = envelope.fileSize else {
            return self.refuse(FileRefusal(.badRequest, "an upload needs its size"), origin: origin, clientMessageID: envelope.clientMessageID)
        }
        do throws(FileRefusal) {
            let id: FileID
            let progress: FileProgress
            if let resumed = envelope.fileID {
                (id, progress) = (resumed, try self.files.resume(resumed, owner: member.person, room: envelope.room, size: size, now: now))
            } else {
                id = FileID.random()
                let dropped = try self.files.open(id, room: envelope.room, owner: member.person, size: size, now: now)
                self.forget(dropped, reason: "store full")
                progress = FileProgress(size: size, received: 0)
                self.logger.debug("file upload opened", metadata: ["file": "\(id)", "size": "\(size)"])
                self.replicateOpen(of: id)
            }
            self.filesChanged()
            self.answer(.fileStatus(origin: origin, file: id, room: envelope.room, progress: progress, clientMessageID: envelope.clientMessageID))
        } catch {
            self.refuse(error, origin: origin, clientMessageID: envelope.clientMessageID)
        }
    }

    /// `fileChunk`, read where it lies: its bytes go from the received frame into the body, copied once.
    func receive(chunk bytes: UnsafeRawBufferPointer, header: EnvelopeHeader, now: ContinuousClock.Instant) {
        let clientMessageID =
            header.clientMessageIDRange.isEmpty
            ? "" : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[header.clientMessageIDRange]), as: UTF8.self)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[header.payloadRange])
        guard let id = FileID(hex: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[header.targetRange]), as: UTF8.self)), payload.count >= 8
        else {
            return self.refuse(FileRefusal(.badRequest, "a chunk names its file and offset"), origin: header.origin, clientMessageID: clientMessageID)
        }
        let offset = UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))
        let data = UnsafeRawBufferPointer(rebasing: payload[8...])
        do throws(FileRefusal) {
            // A connection without a name is nobody's: it adds to no upload.
            guard let owner = self.chat.members[header.origin]?.person else { throw FileRefusal(.notYours, "only its uploader adds to a file") }
            let progress = try self.files.append(id, offset: offset, bytes: data, owner: owner, now: now)
            self.metrics.fileBytesReceived.increment(by: data.count)
            self.filesChanged()
            self.replicate(chunk: data, of: id, at: offset)
            let room = self.files.files[id]?.room ?? ""
            self.answer(.fileStatus(origin: header.origin, file: id, room: room, progress: progress, clientMessageID: clientMessageID))
        } catch {
            self.refuse(error, origin: header.origin, clientMessageID: clientMessageID)
        }
    }

    /// `fileRead`: bytes of a complete body, for any connection (or the gateway's HTTP downloads, connection
    /// 0): knowing the file id is what lets one download it.
    func read(file envelope: Envelope) {
        do throws(FileRefusal) {
            guard let id = envelope.fileID, let range = envelope.fileReadRange else {
                throw FileRefusal(.badRequest, "a read names its file and range")
            }
            let (size, bytes) = try self.files.read(id, range: range)
            self.metrics.fileReads.increment()
            self.answer(
                .fileData(
                    origin: envelope.origin,
                    file: id,
                    size: size,
                    offset: range.offset,
                    bytes: bytes,
                    clientMessageID: envelope.clientMessageID
                )
            )
        } catch {
            self.refuse(error, origin: envelope.origin, clientMessageID: envelope.clientMessageID)
        }
    }

    /// What a published message does to a body, on both relays of a pair: a `file` event marks its body
    /// shared; a `delete` of a `file` event drops the body at once. `header` is the say's it was stamped from.
    ///
    /// On the hot path: anything but those two costs two flag tests.
    func noteFiles(ofPublished published: [UInt8], header: EnvelopeHeader) {
        let isFile = header.flags.contains(.file)
        guard isFile || header.flags.contains(.refers) else { return }
        let signed = header.flags.contains(.signed) && header.payloadRange.count >= SignedPayload.prefixBytes
        let start = header.payloadRange.lowerBound + (signed ? SignedPayload.prefixBytes : 0)
        // The relation is the reference's first byte: decode only a delete.
        let isDelete = !isFile && start < published.count && published[start] == EnvelopeReference.Relation.delete.rawValue
        guard isFile || isDelete, let message = try? Envelope(decoding: published) else { return }
        if let file = message.fileReference {
            self.files.markPosted(file.file, in: message.room, at: message.roomSequence)
        } else if let target = message.reference, let id = self.files.file(postedIn: message.room, at: target.roomSequence) {
            self.forget(self.files.drop(id).map { [$0] } ?? [], reason: "deleted")
        }
    }

    /// Drops the uploads that went idle; on the heartbeat, not per message.
    func dropIdleUploads(now: ContinuousClock.Instant) {
        self.forget(self.files.dropIdle(now: now), reason: "idle")
    }

    /// Counts, logs and announces dropped bodies: each shared one to the gateways (`fileForget`, unsequenced
    /// like `typing`: they tell its room's members `file_expired`), and each to the passive relay of a pair.
    /// A passive relay announces nothing: its active peer does.
    func forget(_ dropped: [StoredFile], reason: String) {
        guard !dropped.isEmpty else { return }
        for file in dropped {
            self.metrics.filesExpired.increment()
            self.logger.debug("file dropped", metadata: ["file": "\(file.id)", "size": "\(file.size)", "reason": "\(reason)"])
            guard self.isServing else { continue }
            if let post = file.post {
                var forget = Envelope.fileForget(file: file.id, room: post.room)
                forget.epoch = self.status.epoch
                self.emit(.publish(forget.encoded()))
            }
            self.replicateForget(of: file)
        }
        self.filesChanged()
    }

    /// Tells `/healthz` readers (and tests) what the store holds now.
    func filesChanged() {
        self.status.update(filesHeld: self.files.files.count, fileBytesHeld: self.files.receivedBytes)
    }

    /// Records the store's gauges; on the heartbeat.
    func recordFileMetrics() {
        self.metrics.fileStoreBytes.record(self.files.reservedBytes)
        self.metrics.filesHeld.record(self.files.files.count)
    }

    /// Sends a file reply to the asking gateway at once: file replies need no replica's confirmation.
    private func answer(_ reply: Envelope) {
        var reply = reply
        reply.epoch = self.status.epoch
        reply.timestamp = Self.wallClockMilliseconds()
        self.reply(reply.encoded(), toGateway: reply.origin.gateway)
    }

    private func refuse(_ refusal: FileRefusal, origin: Origin, clientMessageID: String) {
        self.answer(ChatState.error(refusal.code, refusal.message, to: origin, id: clientMessageID))
    }
}
