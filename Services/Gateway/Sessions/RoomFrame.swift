import NIOCore
import RelayProtocol

/// Which frame a room member gets for a room event: the one rule for live events and held ones alike.
///
/// A v1 member gets the message or the presence event, and the sender (on this connection) gets an
/// acknowledgement instead of its own message, if the message had an id. A plain member gets messages
/// (replies, edits and deletes too) and shared files as text, and nothing of presence, key shares,
/// reactions or its own messages. An IRC member gets what a plain one does, and presence as `JOIN`, `PART`,
/// `QUIT` and `NICK`; ``IRCMemberState/refine(_:for:)`` then picks its variant.
enum RoomFrame: Sendable, Hashable {
    case ack
    case message
    case presence
    case plain
    /// A shared file's line for a plain member, whose link depends on the member (``FileLinkBase``).
    case plainFile
    /// A message's `PRIVMSG` lines, with the `server-time` tag or without.
    case ircMessage(timed: Bool)
    /// The notice an IRC member gets once per channel instead of its first sealed message.
    case ircSealedNotice
    /// A presence as IRC shows it.
    case ircPresence

    /// The frame for a member in `mode`, `isSender` if the event came from its connection; `nil`: none.
    init?(for envelope: Envelope, mode: ClientMode, isSender: Bool) {
        switch (mode, envelope.kind, isSender) {
        case (.v1, .message, true):
            guard !envelope.clientMessageID.isEmpty else { return nil }
            self = .ack
        case (.v1, .message, false): self = .message
        case (.v1, .presence, false): self = .presence
        case (.plain, .message, false):
            guard !envelope.flags.contains(.share), envelope.reference?.relation != .reaction else { return nil }
            self = envelope.flags.contains(.file) ? .plainFile : .plain
        case (.irc, .message, false):
            guard !envelope.flags.contains(.share), envelope.reference?.relation != .reaction else { return nil }
            self = .ircMessage(timed: false)
        case (.irc, .presence, false): self = .ircPresence
        default: return nil
        }
    }

    /// The frame's payload for `envelope`; `linkBase` is the origin a ``plainFile`` line's link starts with.
    func payload(_ envelope: Envelope, linkBase: String) -> ByteBuffer {
        switch self {
        case .ack: Frames.ack(envelope)
        case .message: Frames.message(envelope)
        case .presence: Frames.presence(envelope)
        case .plain: Frames.plainMessage(envelope)
        case .plainFile: Frames.plainFile(envelope, linkBase: linkBase)
        case .ircMessage(let timed):
            IRCChatEvent(envelope, linkBase: linkBase).map { IRCEventLines.privmsg($0, to: IRCEventLines.channel(envelope.room), timed: timed) }
                ?? ByteBuffer()
        case .ircSealedNotice: IRCEventLines.sealedRoomNotice(envelope.room)
        case .ircPresence: IRCEventLines.presence(envelope)
        }
    }

    /// How the frame goes on the wire: IRC lines as they are, the rest as WebSocket text frames.
    var framing: EncodedFrame.Framing {
        switch self {
        case .ircMessage, .ircSealedNotice, .ircPresence: .raw
        default: .webSocketText
        }
    }

    /// Whether the frame for `envelope` holds a file's link, whose origin depends on the member (``FileLinkBase``).
    func linksFiles(_ envelope: Envelope) -> Bool {
        switch self {
        case .plainFile: true
        case .ircMessage: envelope.flags.contains(.file)
        default: false
        }
    }
}
