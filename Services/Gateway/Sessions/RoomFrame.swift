import NIOCore
import RelayProtocol

/// Which frame a room member gets for a room event: the one rule for live events and held ones alike.
///
/// A v1 member gets the message or the presence event, and the sender (on this connection) gets an
/// acknowledgement instead of its own message, if the message had an id. A plain member gets messages
/// (replies, edits and deletes too) and shared files as text, and nothing of presence, key shares,
/// reactions or its own messages.
enum RoomFrame: Sendable, Hashable {
    case ack
    case message
    case presence
    case plain
    /// A shared file's line for a plain member, whose link depends on the member (``FileLinkBase``).
    case plainFile

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
        }
    }
}
