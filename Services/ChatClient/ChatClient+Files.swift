import ChatProtocol
import EndToEnd
import Identity

/// Pictures and files (docs/PROTOCOL.md, "Files"), for the user interface: sending one to a room,
/// fetching the body of one shared there, and stopping either. The rules live in ``Transfers``,
/// ``Upload`` and ``Download``; ``ChatEvent/transfer(_:)`` events tell how each goes.
extension ChatClient {
    /// The most bytes a file sent to `room` may have: the server's `max_file_bytes`, less what sealing
    /// adds in an encrypted room.
    public func fileLimit(in room: String) throws(FileProblem) -> Int {
        guard let limits = self.state.limits else { throw FileProblem("not connected yet: send it once connected") }
        guard let maximum = limits.maxFileBytes else { throw FileProblem("this server does not take files") }
        let key = try? self.encryption.keyring.fileKey(for: room)
        return maximum - (key?.sealedFileOverhead ?? 0)
    }

    /// Reads the file at `path` and sends it to `room`, as ``sendFile(_:in:keepsOutcome:)`` does; a file
    /// over ``fileLimit(in:)`` is refused before it is read.
    @discardableResult
    public func sendFile(at path: String, in room: String, keepsOutcome: Bool = false) throws(FileProblem) -> String {
        let file = try OutgoingFile(reading: path, maximumBytes: try self.fileLimit(in: room))
        return try self.sendFile(file, in: room, keepsOutcome: keepsOutcome)
    }

    /// Sends `file` to `room`: its body goes up in chunks (sealed first, in an encrypted room), then its
    /// `file` event shares it, signed. It goes on by itself across reconnects. Returns the transfer's id,
    /// which is also the `file` event's; with `keepsOutcome`, ``outcome(of:)`` tells how it ended.
    ///
    /// - Throws: before anything is sent: a file over ``fileLimit(in:)`` or empty, a server that does not
    ///   take files, or an encrypted room this client has no key to seal for.
    @discardableResult
    public func sendFile(_ file: OutgoingFile, in room: String, keepsOutcome: Bool = false) throws(FileProblem) -> String {
        let room = RoomName.spelled(room)
        try OutgoingFile.check(size: file.bytes.count, of: file.name, maximumBytes: try self.fileLimit(in: room))
        guard !file.bytes.isEmpty else { throw FileProblem("\(file.name) is empty: there is nothing to send") }
        do throws(SendProblem) {
            try self.checkSealable(file.metadata.text, in: room)
        } catch {
            throw FileProblem("cannot send \(file.name): \(error)")
        }
        var sealing: Upload.Sealing?
        if let key = try? self.encryption.keyring.fileKey(for: room), let sender = self.configuration.identity?.publicKey {
            sealing = Upload.Sealing(key: key, sender: sender)
        }
        let upload = Upload(id: self.state.makeID(), room: room, file: file, sealing: sealing)
        self.start(upload.id, keepsOutcome: keepsOutcome)
        self.transfers.add(upload)
        self.emit(.transfer(.progress(upload.progress)))
        return upload.id
    }

    /// Fetches the body of a `file` event the conversation holds (``Conversation/message(at:)``), and
    /// opens it in an encrypted room; ``TransferEvent/received(_:bytes:)`` brings the file's bytes. Returns
    /// the transfer's id; with `keepsOutcome`, ``outcome(of:)`` tells how it ended.
    ///
    /// - Throws: for a message that shares no file, or one this client cannot fetch or open: deleted,
    ///   expired, sealed with a key it does not have, or being fetched already.
    @discardableResult
    public func download(_ message: ConversationMessage, keepsOutcome: Bool = false) throws(FileProblem) -> String {
        guard let facts = message.file else { throw FileProblem("#\(message.seq) is not a file") }
        let name = FileMetadata(reading: message.text).name
        guard !message.isDeleted else { throw FileProblem("#\(message.seq) was deleted") }
        guard facts.expired != true else { throw FileProblem("the server no longer holds \(name) (#\(message.seq))") }
        if let marker = message.encryption.marker { throw FileProblem("#\(message.seq) cannot be opened here: \(marker)") }
        guard let file = FileID(hex: facts.id), facts.size > 0 else { throw FileProblem("#\(message.seq) names no file the server could hold") }
        guard !self.transfers.isDownloading(file) else { throw FileProblem("\(name) (#\(message.seq)) is being fetched already") }
        var sealedBy: IdentityKey?
        if message.encryption.wasSealed {
            guard case .key(let text) = message.author, let key = IdentityKey(text: text) else {
                throw FileProblem("#\(message.seq) came without its sender's key, which opening it needs")
            }
            sealedBy = key
        }
        let download = Download(
            id: self.state.makeID(),
            room: message.room,
            seq: message.seq,
            name: name,
            file: file,
            size: facts.size,
            sealedBy: sealedBy,
            chunkBytes: self.transfers.chunkBytes
        )
        self.start(download.id, keepsOutcome: keepsOutcome)
        self.transfers.add(download)
        self.emit(.transfer(.progress(download.progress)))
        return download.id
    }

    /// The transfers going on now, oldest first.
    public var transfersInProgress: [TransferProgress] { self.transfers.inProgress }

    /// Stops the transfer `id`. Returns `false` if there is none, or it is too late: an upload whose
    /// body is stored and whose `file` event is on its way is shared anyway.
    @discardableResult
    public func cancelTransfer(_ id: String) -> Bool {
        guard let event = self.transfers.cancel(id) else { return false }
        self.emit(self.reported(event))
        if self.isIdle { self.idle.fire() }
        return true
    }

    /// How a transfer started with `keepsOutcome` ended (its last ``TransferEvent``), once it has; `nil`
    /// for any other, or when the client stops first.
    public func outcome(of id: String) async -> TransferEvent? {
        while true {
            if let outcome = self.transferOutcomes.removeValue(forKey: id) { return outcome }
            guard self.awaitedTransfers.contains(id), !self.stopped else { return nil }
            await self.transferEnded.wait()
        }
    }

    private func start(_ id: String, keepsOutcome: Bool) {
        if keepsOutcome { self.awaitedTransfers.insert(id) }
        self.sendable.fire()
    }
}
