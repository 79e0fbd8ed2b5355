import ChatProtocol
import NIOCore
import RelayProtocol

/// The frames of file transfers (docs/PROTOCOL.md, "Files"), from the relay's answers.
extension Frames {
    /// `upload`: the relay holds room for the body; the client sends it from `offset` on.
    static func uploadReady(_ envelope: Envelope, file: FileID, progress: FileProgress) -> ByteBuffer {
        let ready = UploadReady(id: Self.id(envelope), file: file.hex, offset: Int(clamping: progress.received), chunk: FileTransfer.chunkBytes)
        return ByteBuffer(bytes: ServerMessage.uploadReady(ready).encoded())
    }

    /// `stored`: the relay holds `received` of the body's bytes.
    static func stored(_ envelope: Envelope, file: FileID, progress: FileProgress) -> ByteBuffer {
        let stored = FileStored(id: Self.id(envelope), file: file.hex, size: Int(clamping: progress.size), received: Int(clamping: progress.received))
        return ByteBuffer(bytes: ServerMessage.stored(stored).encoded())
    }

    /// `file_data`: bytes of a body, in base64.
    static func fileData(_ envelope: Envelope, file: FileID, size: UInt64, offset: UInt64, bytes: ArraySlice<UInt8>) -> ByteBuffer {
        let data = FileData(
            id: Self.id(envelope),
            file: file.hex,
            size: Int(clamping: size),
            offset: Int(clamping: offset),
            data: StandardBase64.encode(bytes)
        )
        return ByteBuffer(bytes: ServerMessage.fileData(data).encoded())
    }

    /// `file_expired`: the relay's store dropped the body of `target`, shared in `room`.
    static func fileExpired(_ envelope: Envelope) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.fileExpired(FileExpired(room: envelope.room, file: envelope.fileID?.hex ?? "")).encoded())
    }
}
