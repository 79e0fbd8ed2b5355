import ChatConfig
import ChatProtocol
import NIOCore
import RelayProtocol

/// What the hub keeps of file transfers (docs/PROTOCOL.md, "Files"): each connection's uploads, to tell the
/// relay's answers apart and to share a body with its stored size, and the relay's limit on a body.
extension RoomHub {
    /// An `upload` is on its way to the relay; one that resumes `file` is answered by the body's next status.
    func beginUpload(_ connection: UInt64, resuming file: FileID?) {
        guard let file else { return }
        self.state.withLock { state in state.connections[connection]?.uploads.resume(file) }
    }

    /// The largest body the connection may upload: the relay's limit from its welcome, else the gateway's own.
    func maxFileBytes(of connection: UInt64) -> Int {
        let relayLimit = self.state.withLock { $0.connections[connection]?.maxFileBytes }
        return relayLimit ?? self.limits.maxFileBytes ?? ChatLimits.Defaults.fileBytes
    }

    /// The size of the body `file` as the relay told `connection`; `nil` if it never did.
    func uploadedSize(of file: FileID, by connection: UInt64) -> UInt64? {
        self.state.withLock { $0.connections[connection]?.uploads.size(of: file) }
    }

    /// `fileStatus`: `upload` if it answers the connection's `upload`, `stored` if one of its chunks.
    func fileStatus(_ envelope: Envelope, connection: UInt64, in state: inout State) -> [ByteBuffer] {
        guard let file = envelope.fileID, let progress = envelope.fileProgress, state.connections[connection] != nil else { return [] }
        switch state.connections[connection]!.uploads.status(of: file, size: progress.size) {
        case .upload: return [Frames.uploadReady(envelope, file: file, progress: progress)]
        case .chunk: return [Frames.stored(envelope, file: file, progress: progress)]
        }
    }

    /// A body that was never shared is gone (the store was full, or its upload stalled): `file_expired`, with
    /// no room, to the connections here that uploaded it. (A shared one's goes to its room, like `typing`.)
    func tellUploaders(_ envelope: Envelope, drains: inout [Outbox]) {
        guard let file = envelope.fileID else { return }
        let outboxes = self.state.withLock { state in
            state.connections.values.compactMap { $0.mode == .v1 && $0.uploads.size(of: file) != nil ? $0.outbox : nil }
        }
        guard !outboxes.isEmpty else { return }
        let frame = EncodedFrame(payload: Frames.fileExpired(envelope))
        for outbox in outboxes {
            let (accepted, needsDrain) = outbox.enqueue(frame)
            if needsDrain { drains.append(outbox) }
            if accepted { self.metrics.framesOut.increment() }
        }
    }

    /// `fileData`: the bytes a `download` asked for, counted as downloaded.
    func fileData(_ envelope: Envelope) -> [ByteBuffer] {
        guard let file = envelope.fileID, let (size, offset, bytes) = envelope.fileData else { return [] }
        self.fileMetrics.bytesDownloaded.increment(by: bytes.count)
        return [Frames.fileData(envelope, file: file, size: size, offset: offset, bytes: bytes)]
    }
}
