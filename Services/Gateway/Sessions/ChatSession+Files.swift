import ChatProtocol
import NIOCore
import RelayProtocol

/// `upload`, `chunk`, `file` and `download` (docs/PROTOCOL.md, "Files"). The gateway checks what it can read
/// and refuses the rest before it reaches the relay; the store, its limits and who owns a body, the relay checks.
extension ChatSession {
    /// What a frame costs its connection's pacer: chunks and downloads are paced by their bytes, not counted
    /// as messages (a chunk at least ``FileTransfer/minimumChunkCharge``).
    static func cost(of command: ClientMessage) -> PaceCost {
        switch command {
        case .chunk(let chunk):
            .bytes(max(StandardBase64.decodedCount(chunk.data), FileTransfer.minimumChunkCharge))
        case .download: .bytes(FileTransfer.chunkBytes)
        default: .message
        }
    }

    /// Reserves room for a body in the relay's store, or goes on with one (`file`).
    func upload(_ request: UploadRequest) -> ByteBuffer? {
        let connection = self.context.connectionID
        guard let room = try? RoomName(validating: request.room), self.context.hub.sender(connection, in: room.value) != nil else {
            return Frames.error(.notInRoom, "you are not in \(request.room)", id: request.id)
        }
        guard request.size >= 1 else { return Frames.error(.badRequest, "upload: size must be at least 1 byte", id: request.id) }
        let limit = self.context.hub.maxFileBytes(of: connection)
        guard request.size <= limit else {
            self.context.metrics.refusedTooLarge.increment()
            return Frames.error(.tooLarge, "file too large (\(request.size) bytes; the limit is \(limit)): not uploaded", id: request.id)
        }
        var resumed: FileID?
        if let file = request.file {
            guard let id = FileID(hex: file) else { return Self.badFileID(frame: "upload", id: request.id) }
            resumed = id
        }
        self.context.hub.beginUpload(connection, resuming: resumed)
        let open = Envelope.fileOpen(
            origin: self.context.origin,
            room: room.value,
            size: UInt64(request.size),
            resuming: resumed,
            clientMessageID: request.id ?? ""
        )
        return self.failure(of: self.context.send(open), id: request.id)
    }

    /// Passes a piece of an upload on to the relay, decoded.
    func chunk(_ chunk: FileChunk) -> ByteBuffer? {
        guard let file = FileID(hex: chunk.file) else { return Self.badFileID(frame: "chunk", id: chunk.id) }
        guard chunk.offset >= 0 else { return Frames.error(.badRequest, "chunk: offset must be 0 or more", id: chunk.id) }
        guard let bytes = StandardBase64.decode(chunk.data) else {
            return Frames.error(.badRequest, "chunk: data must be base64 (the standard alphabet, padded)", id: chunk.id)
        }
        guard (1...FileTransfer.chunkBytes).contains(bytes.count) else {
            return Frames.error(
                .badRequest,
                "chunk: data must hold 1 to \(FileTransfer.chunkBytes) bytes (this one has \(bytes.count))",
                id: chunk.id
            )
        }
        let envelope = Envelope.fileChunk(
            origin: self.context.origin,
            file: file,
            offset: UInt64(chunk.offset),
            bytes: bytes,
            clientMessageID: chunk.id ?? ""
        )
        let result = self.context.send(envelope)
        if result == .sent {
            self.context.hub.fileMetrics.chunks.increment()
            self.context.hub.fileMetrics.bytesUploaded.increment(by: bytes.count)
        }
        return self.failure(of: result, id: chunk.id)
    }

    /// Shares a complete upload of this connection's in a room: a `say` flagged `file`, its payload the
    /// body's reference (with the size the relay stored) before the metadata.
    func share(_ shared: SharedFile) -> ByteBuffer? {
        let length = shared.text.utf8.count
        guard length <= FileMetadata.maximumTextBytes else {
            self.context.metrics.refusedTooLarge.increment()
            return Frames.error(
                .tooLarge,
                "file metadata too large (\(length) bytes; the limit is \(FileMetadata.maximumTextBytes)): not sent",
                id: shared.id
            )
        }
        if let problem = self.check(text: shared.text, id: shared.id) { return problem }
        guard let file = FileID(hex: shared.file) else { return Self.badFileID(frame: "file", id: shared.id) }
        guard let size = self.context.hub.uploadedSize(of: file, by: self.context.connectionID) else {
            return Frames.error(
                .badRequest,
                "file: no upload of \(file.hex) on this connection: upload it first (or again, to resume it)",
                id: shared.id
            )
        }
        let body = EnvelopeFileReference(file: file, size: size).bytes + Array(shared.text.utf8)
        return self.send(body: body, to: shared.room, id: shared.id, sig: shared.sig, flags: .file, reference: nil)
    }

    /// Asks the relay for up to a chunk of a body; its `fileData` comes back as `file_data`.
    func download(_ request: DownloadRequest) -> ByteBuffer? {
        guard let file = FileID(hex: request.file) else { return Self.badFileID(frame: "download", id: request.id) }
        let offset = request.offset ?? 0
        guard offset >= 0 else { return Frames.error(.badRequest, "download: offset must be 0 or more", id: request.id) }
        let range = FileReadRange(offset: UInt64(offset), length: UInt32(FileTransfer.chunkBytes))
        let result = self.context.send(.fileRead(origin: self.context.origin, file: file, range: range, clientMessageID: request.id ?? ""))
        if result == .sent, offset == 0 { self.context.hub.fileMetrics.socketDownloads.increment() }
        return self.failure(of: result, id: request.id)
    }

    private static func badFileID(frame: String, id: String?) -> ByteBuffer {
        Frames.error(.badRequest, "\(frame): file must be a file id, 32 lowercase hex digits", id: id)
    }
}
