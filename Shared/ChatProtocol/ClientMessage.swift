/// A frame a `privchat.v1` client sends. See docs/PROTOCOL.md, "Client frames".
public enum ClientMessage: Sendable, Hashable {
    case hello(Hello)
    /// The answer to a `challenge`.
    case prove(Prove)
    case say(Say)
    /// `/me`: like `say`, shown as an action.
    case action(Say)
    /// A room key sealed to members: like `say`, delivered to v1 members only.
    case share(Say)
    /// Conversation events (docs/PROTOCOL.md, "Conversation events"): about one of the room's messages.
    case edit(TargetedMessage)
    case delete(TargetedMessage)
    case reaction(TargetedMessage)
    /// Ephemeral: not sequenced, kept nowhere, not answered.
    case typing(Typing)
    /// How far the client read a room; not answered.
    case read(ReadMarker)
    case direct(DirectRequest)
    case join(RoomRequest)
    case leave(RoomRequest)
    case who(RoomRequest)
    case rename(RenameRequest)
    /// File transfers (docs/PROTOCOL.md, "Files").
    case upload(UploadRequest)
    case chunk(FileChunk)
    case file(SharedFile)
    case download(DownloadRequest)

    /// The frame's `type` on the wire, one per case.
    enum Kind: String {
        case hello, prove, say, action, share, edit, delete, reaction, typing, read
        case direct = "dm"
        case join, leave, who, rename
        case upload, chunk, file, download
    }

    /// The frame's `type`, as on the wire.
    public var type: String { self.parts.kind.rawValue }

    /// The frame's kind and its members after the `type`.
    private var parts: (kind: Kind, body: any ClientFrameBody) {
        switch self {
        case .hello(let hello): (.hello, hello)
        case .prove(let prove): (.prove, prove)
        case .say(let say): (.say, say)
        case .action(let say): (.action, say)
        case .share(let say): (.share, say)
        case .edit(let event): (.edit, event)
        case .delete(let event): (.delete, event)
        case .reaction(let event): (.reaction, event)
        case .typing(let typing): (.typing, typing)
        case .read(let marker): (.read, marker)
        case .direct(let direct): (.direct, direct)
        case .join(let request): (.join, request)
        case .leave(let request): (.leave, request)
        case .who(let request): (.who, request)
        case .rename(let rename): (.rename, rename)
        case .upload(let upload): (.upload, upload)
        case .chunk(let chunk): (.chunk, chunk)
        case .file(let file): (.file, file)
        case .download(let download): (.download, download)
        }
    }

    /// The client's id for this frame, echoed in the acknowledgement or error that answers it.
    public var id: String? { self.parts.body.id }

    /// The longest `id` a frame may carry, in UTF-8 bytes: the relay remembers ids to drop resends,
    /// so an id is bounded well below what its link carries.
    public static let maximumIDBytes = 128

    /// Why this frame's id cannot be used, or `nil` when it can.
    public var idProblem: String? {
        guard let count = self.id?.utf8.count, count > Self.maximumIDBytes else { return nil }
        return "id too long (\(count) bytes; the limit is \(Self.maximumIDBytes)): not done"
    }

    /// The same frame with the id `id`; a `hello` has none and stays as it is.
    public func withID(_ id: String) -> ClientMessage {
        switch self {
        case .hello, .prove, .typing, .read: self
        case .say(let say): .say(say.with(id: id))
        case .action(let say): .action(say.with(id: id))
        case .share(let say): .share(say.with(id: id))
        case .edit(let event): .edit(event.with(id: id))
        case .delete(let event): .delete(event.with(id: id))
        case .reaction(let event): .reaction(event.with(id: id))
        case .direct(let direct): .direct(direct.with(id: id))
        case .join(let request): .join(request.with(id: id))
        case .leave(let request): .leave(request.with(id: id))
        case .who(let request): .who(request.with(id: id))
        case .rename(let rename): .rename(rename.with(id: id))
        case .upload(let upload): .upload(upload.with(id: id))
        case .chunk(let chunk): .chunk(chunk.with(id: id))
        case .file(let file): .file(file.with(id: id))
        case .download(let download): .download(download.with(id: id))
        }
    }

    /// Decodes a client frame, or explains what is wrong with it (and which id to answer).
    public init(decoding bytes: some Collection<UInt8>) throws(ClientMessageError) {
        let header: FrameHeader
        do {
            header = try JSONCoding.decode(FrameHeader.self, from: bytes)
        } catch {
            throw ClientMessageError(code: .badRequest, message: "not a JSON object", id: nil)
        }
        guard let type = header.type else {
            throw ClientMessageError(code: .badRequest, message: "missing field \"type\"", id: header.id)
        }
        guard let kind = Kind(rawValue: type) else {
            throw ClientMessageError(code: .unknownType, message: "unknown type \"\(type)\"", id: header.id)
        }
        do {
            self = try Self.decode(kind, from: bytes)
        } catch let error as DecodingError {
            throw ClientMessageError(code: .badRequest, message: "\(type): \(error.shortDescription)", id: header.id)
        } catch {
            throw ClientMessageError(code: .badRequest, message: "\(type): invalid frame", id: header.id)
        }
    }

    /// Decodes the frame's members as the body of `kind`.
    private static func decode(_ kind: Kind, from bytes: some Collection<UInt8>) throws -> ClientMessage {
        switch kind {
        case .hello: .hello(try JSONCoding.decode(Hello.self, from: bytes))
        case .prove: .prove(try JSONCoding.decode(Prove.self, from: bytes))
        case .say: .say(try JSONCoding.decode(Say.self, from: bytes))
        case .action: .action(try JSONCoding.decode(Say.self, from: bytes))
        case .share: .share(try JSONCoding.decode(Say.self, from: bytes))
        case .edit: .edit(try JSONCoding.decode(TargetedMessage.self, from: bytes))
        case .delete: .delete(try JSONCoding.decode(TargetedMessage.self, from: bytes))
        case .reaction: .reaction(try JSONCoding.decode(TargetedMessage.self, from: bytes))
        case .typing: .typing(try JSONCoding.decode(Typing.self, from: bytes))
        case .read: .read(try JSONCoding.decode(ReadMarker.self, from: bytes))
        case .direct: .direct(try JSONCoding.decode(DirectRequest.self, from: bytes))
        case .join: .join(try JSONCoding.decode(RoomRequest.self, from: bytes))
        case .leave: .leave(try JSONCoding.decode(RoomRequest.self, from: bytes))
        case .who: .who(try JSONCoding.decode(RoomRequest.self, from: bytes))
        case .rename: .rename(try JSONCoding.decode(RenameRequest.self, from: bytes))
        case .upload: .upload(try JSONCoding.decode(UploadRequest.self, from: bytes))
        case .chunk: .chunk(try JSONCoding.decode(FileChunk.self, from: bytes))
        case .file: .file(try JSONCoding.decode(SharedFile.self, from: bytes))
        case .download: .download(try JSONCoding.decode(DownloadRequest.self, from: bytes))
        }
    }

    /// The frame as JSON text, as a client sends it.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", self.type)
        self.parts.body.write(into: &writer)
        writer.endObject()
        return writer.bytes
    }
}

/// A client frame that cannot be used, with the `error` frame's code, text and id.
public struct ClientMessageError: Error, Sendable, Hashable {
    public let code: ErrorCode
    public let message: String
    public let id: String?

    public init(code: ErrorCode, message: String, id: String?) {
        self.code = code
        self.message = message
        self.id = id
    }
}
