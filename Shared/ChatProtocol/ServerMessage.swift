/// A frame a gateway sends to a `privchat.v1` client. See docs/PROTOCOL.md, "Server frames".
public enum ServerMessage: Sendable, Hashable {
    case welcome(Welcome)
    case challenge(Challenge)
    /// `message`, `action` or `share`, by the message's kind.
    case message(ChatMessage)
    case direct(DirectMessage)
    case ack(Ack)
    case joined(Joined)
    case left(Left)
    case presence(Presence)
    case members(Members)
    case renamed(Renamed)
    case error(ErrorMessage)
    /// Ephemeral, not sequenced (docs/PROTOCOL.md, "Conversation events").
    case typing(Typing)
    case read(ReadMarker)
    /// File transfers (docs/PROTOCOL.md, "Files"); a shared file itself is a ``message(_:)`` of kind `file`.
    case uploadReady(UploadReady)
    case stored(FileStored)
    case fileData(FileData)
    case fileExpired(FileExpired)

    /// Decodes a server frame (clients and tests use this; gateways only write).
    public init(decoding bytes: some Collection<UInt8>) throws(ServerMessageError) {
        let header: FrameHeader
        do {
            header = try JSONCoding.decode(FrameHeader.self, from: bytes)
        } catch {
            throw ServerMessageError(message: "not a JSON object")
        }
        do {
            switch header.type {
            case Welcome.frameType: self = .welcome(try JSONCoding.decode(Welcome.self, from: bytes))
            case Challenge.frameType: self = .challenge(try JSONCoding.decode(Challenge.self, from: bytes))
            case let type? where ChatMessage.Kind(rawValue: type) != nil:
                self = .message(try JSONCoding.decode(ChatMessage.self, from: bytes))
            case Typing.frameType: self = .typing(try JSONCoding.decode(Typing.self, from: bytes))
            case ReadMarker.frameType: self = .read(try JSONCoding.decode(ReadMarker.self, from: bytes))
            case DirectMessage.frameType: self = .direct(try JSONCoding.decode(DirectMessage.self, from: bytes))
            case Ack.frameType: self = .ack(try JSONCoding.decode(Ack.self, from: bytes))
            case Joined.frameType: self = .joined(try JSONCoding.decode(Joined.self, from: bytes))
            case Left.frameType: self = .left(try JSONCoding.decode(Left.self, from: bytes))
            case Presence.frameType: self = .presence(try JSONCoding.decode(Presence.self, from: bytes))
            case Members.frameType: self = .members(try JSONCoding.decode(Members.self, from: bytes))
            case Renamed.frameType: self = .renamed(try JSONCoding.decode(Renamed.self, from: bytes))
            case ErrorMessage.frameType: self = .error(try JSONCoding.decode(ErrorMessage.self, from: bytes))
            case UploadReady.frameType: self = .uploadReady(try JSONCoding.decode(UploadReady.self, from: bytes))
            case FileStored.frameType: self = .stored(try JSONCoding.decode(FileStored.self, from: bytes))
            case FileData.frameType: self = .fileData(try JSONCoding.decode(FileData.self, from: bytes))
            case FileExpired.frameType: self = .fileExpired(try JSONCoding.decode(FileExpired.self, from: bytes))
            default: throw ServerMessageError(message: "unknown type \"\(header.type ?? "")\"")
            }
        } catch let error as ServerMessageError {
            throw error
        } catch let error as DecodingError {
            throw ServerMessageError(message: "\(header.type ?? ""): \(error.shortDescription)")
        } catch {
            throw ServerMessageError(message: "\(header.type ?? ""): invalid frame")
        }
    }

    /// The frame's `type`.
    public var type: String {
        switch self {
        case .welcome: Welcome.frameType
        case .challenge: Challenge.frameType
        case .message(let message): message.kind.rawValue
        case .direct: DirectMessage.frameType
        case .ack: Ack.frameType
        case .joined: Joined.frameType
        case .left: Left.frameType
        case .presence: Presence.frameType
        case .members: Members.frameType
        case .renamed: Renamed.frameType
        case .error: ErrorMessage.frameType
        case .typing: Typing.frameType
        case .read: ReadMarker.frameType
        case .uploadReady: UploadReady.frameType
        case .stored: FileStored.frameType
        case .fileData: FileData.frameType
        case .fileExpired: FileExpired.frameType
        }
    }

    /// The frame as JSON text.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        switch self {
        case .welcome(let welcome): welcome.write(into: &writer)
        case .challenge(let challenge): challenge.write(into: &writer)
        case .message(let message): message.write(into: &writer)
        case .direct(let direct): direct.write(into: &writer)
        case .ack(let ack): ack.write(into: &writer)
        case .joined(let joined): joined.write(into: &writer)
        case .left(let left): left.write(into: &writer)
        case .presence(let presence): presence.write(into: &writer)
        case .members(let members): members.write(into: &writer)
        case .renamed(let renamed): renamed.write(into: &writer)
        case .error(let error): error.write(into: &writer)
        case .typing(let typing): writer.frame(Typing.frameType) { typing.write(into: &$0) }
        case .read(let marker): writer.frame(ReadMarker.frameType) { marker.write(into: &$0) }
        case .uploadReady(let ready): ready.write(into: &writer)
        case .stored(let stored): stored.write(into: &writer)
        case .fileData(let data): data.write(into: &writer)
        case .fileExpired(let expired): expired.write(into: &writer)
        }
        return writer.bytes
    }
}

extension JSONWriter {
    /// Writes one whole server frame: `{"type":type`, the members `members` writes, and `}`.
    ///
    /// Every server frame has this shape, so every frame type's writer starts here.
    mutating func frame(_ type: String, _ members: (inout JSONWriter) -> Void) {
        self.beginObject()
        self.field("type", type)
        members(&self)
        self.endObject()
    }
}

/// A server frame a client cannot understand.
public struct ServerMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { self.message }
}
