/// A frame a `privchat.v1` client sends. See docs/PROTOCOL.md, "Client frames".
public enum ClientMessage: Sendable, Hashable {
    case hello(Hello)
    case say(Say)
    /// `/me`: like `say`, shown as an action.
    case action(Say)
    case direct(DirectRequest)
    case join(RoomRequest)
    case leave(RoomRequest)
    case who(RoomRequest)
    case rename(RenameRequest)

    /// The client's id for this frame, echoed in the acknowledgement or error that answers it.
    public var id: String? {
        switch self {
        case .hello: nil
        case .say(let say), .action(let say): say.id
        case .direct(let direct): direct.id
        case .join(let request), .leave(let request), .who(let request): request.id
        case .rename(let rename): rename.id
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
        do {
            switch type {
            case "hello": self = .hello(try JSONCoding.decode(Hello.self, from: bytes))
            case "say": self = .say(try JSONCoding.decode(Say.self, from: bytes))
            case "action": self = .action(try JSONCoding.decode(Say.self, from: bytes))
            case "dm": self = .direct(try JSONCoding.decode(DirectRequest.self, from: bytes))
            case "join": self = .join(try JSONCoding.decode(RoomRequest.self, from: bytes))
            case "leave": self = .leave(try JSONCoding.decode(RoomRequest.self, from: bytes))
            case "who": self = .who(try JSONCoding.decode(RoomRequest.self, from: bytes))
            case "rename": self = .rename(try JSONCoding.decode(RenameRequest.self, from: bytes))
            default:
                throw ClientMessageError(code: .unknownType, message: "unknown type \"\(type)\"", id: header.id)
            }
        } catch let error as ClientMessageError {
            throw error
        } catch let error as DecodingError {
            throw ClientMessageError(code: .badRequest, message: "\(type): \(error.shortDescription)", id: header.id)
        } catch {
            throw ClientMessageError(code: .badRequest, message: "\(type): invalid frame", id: header.id)
        }
    }

    /// The frame as JSON text, as a client sends it.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        switch self {
        case .hello(let hello):
            writer.field("type", "hello")
            hello.write(into: &writer)
        case .say(let say):
            writer.field("type", "say")
            say.write(into: &writer)
        case .action(let say):
            writer.field("type", "action")
            say.write(into: &writer)
        case .direct(let direct):
            writer.field("type", "dm")
            direct.write(into: &writer)
        case .join(let request):
            writer.field("type", "join")
            request.write(into: &writer)
        case .leave(let request):
            writer.field("type", "leave")
            request.write(into: &writer)
        case .who(let request):
            writer.field("type", "who")
            request.write(into: &writer)
        case .rename(let rename):
            writer.field("type", "rename")
            rename.write(into: &writer)
        }
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
