public import ChatClient
public import ChatProtocol

/// How files are shown (docs/PROTOCOL.md, "Files"): `bob shared cat.png (68 KiB) [#52]`, with
/// `(expired)` once the server dropped the body, and the progress of transfers.
extension MessageFormatter {
    /// A file event as people read it: `12:03 bob shared cat.png (68 KiB) [#52]`; the `#N` is what
    /// `/save` takes (before the name instead, like every line's, when refs are shown). A name that could
    /// not be opened is its marker in red.
    public func fileLine(for message: ChatMessage, encryption: MessageEncryption = .none, signature: SignatureState? = nil) -> String {
        self.fileLine(
            time: message.time,
            room: message.room,
            seq: message.seq,
            from: self.name(message.from) + (signature.map(self.mark) ?? ""),
            name: self.shownFileName(message.text, encryption: encryption),
            file: message.file
        )
    }

    /// A file of the conversation, as it stands (after `file_expired`: marked expired).
    public func fileLine(for message: ConversationMessage) -> String {
        let name = self.shownFileName(message.text, encryption: message.encryption)
        return self.fileLine(time: message.time, room: message.room, seq: message.seq, from: self.name(message.from), name: name, file: message.file)
    }

    /// A file this client sent, once its event is acknowledged.
    public func ownFileLine(_ transfer: TransferProgress, ack: Ack) -> String {
        let file = FileFacts(id: "", size: transfer.total)
        return self.fileLine(
            time: ack.time,
            room: transfer.room,
            seq: ack.seq ?? 0,
            from: self.name(self.ownName),
            name: Self.sanitized(transfer.name),
            file: file
        )
    }

    private func fileLine(time: UInt64, room: String, seq: UInt64, from: String, name: String, file: FileFacts?) -> String {
        let number = self.showsRefs ? "" : self.quiet(" [#\(seq)]")
        let expired = file?.expired == true ? " " + self.styled("(expired)", .yellow) : ""
        let size = " (" + FileSize.text(file?.size ?? 0) + ")"
        return self.time(time) + self.room(room) + self.ref(seq) + from + " shared " + name + size + number + expired
    }

    private func shownFileName(_ text: String, encryption: MessageEncryption) -> String {
        encryption.isMarker ? self.styled(text, .red) : Self.fileName(text, encryption: encryption)
    }

    /// A file event's name as shown (`[not encrypted]` before it where it came unsealed).
    static func fileName(_ text: String, encryption: MessageEncryption) -> String {
        let name = Self.sanitized(FileMetadata(reading: text).name)
        return encryption == .unencrypted ? MessageEncryption.notEncryptedMarker + " " + name : name
    }

    /// `[lobby] bob shared cat.png (68 KiB) [#52]`, `(expired)` after it once the body is gone: for scripts.
    public static func scriptedFile(
        room: String,
        seq: UInt64,
        from: String,
        text: String,
        encryption: MessageEncryption,
        file: FileFacts?
    )
        -> String
    {
        let name = encryption.isMarker ? text : Self.fileName(text, encryption: encryption)
        let expired = file?.expired == true ? " (expired)" : ""
        return "[\(room)] \(from) shared \(name) (\(FileSize.text(file?.size ?? 0))) [#\(seq)]\(expired)"
    }

    /// The line kept above the input while files move: `sending cat.png 45% of 1.2 MiB · saving #52
    /// notes.txt 10% of 3 KiB (/cancel stops)`; `nil` when none does.
    public static func transferStatus(_ transfers: [TransferProgress]) -> String? {
        guard !transfers.isEmpty else { return nil }
        let each = transfers.map { transfer in
            let what = transfer.direction == .upload ? "sending" : "saving" + (transfer.seq.map { " #\($0)" } ?? "")
            return "\(what) \(Self.sanitized(transfer.name)) \(transfer.percent)% of \(FileSize.text(transfer.total))"
        }
        return each.joined(separator: " · ") + " (/cancel stops)"
    }

    /// What became of a transfer that did not bring its file: `cat.png not sent: …`, `#52 notes.txt not saved: …`.
    public static func transferEnd(_ transfer: TransferProgress, _ what: String) -> String {
        let file = (transfer.seq.map { "#\($0) " } ?? "") + Self.sanitized(transfer.name)
        return "\(file) not \(transfer.direction == .upload ? "sent" : "saved"): \(what)"
    }

    /// `{"type":"saved","room":…,"seq":…,"name":…,"path":…,"size":…}`: what `/save` prints with `--json`
    /// (`size`: the bytes written).
    public static func savedJSON(_ transfer: TransferProgress, path: String, size: Int) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", "saved")
        writer.field("room", transfer.room)
        if let seq = transfer.seq { writer.field("seq", seq) }
        writer.field("name", transfer.name)
        writer.field("path", path)
        writer.field("size", size)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
