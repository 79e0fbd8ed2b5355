public import ChatProtocol

/// What a conversation event changed in a room (docs/PROTOCOL.md, "Conversation events"), for the
/// user interface to show.
public struct ConversationUpdate: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// A message that answers another: `original` is the answered message as held now (`nil`: not
        /// available). Reported just before the message itself.
        case reply(original: ConversationMessage?)
        /// The message's text changed: ``ConversationUpdate/message`` shows the new one.
        case edited
        /// The message is a tombstone now (``ConversationUpdate/message`` is `nil` when it was never held).
        case deleted
        /// Who holds which reaction on the message changed.
        case reactions
        /// The event is not acted on: an edit or delete not from the message's author, a signature that
        /// does not verify, a reaction that is not one.
        case invalid(reason: String)
    }

    public let room: String
    public let change: Change
    /// The message the event is about, after the change.
    public let message: ConversationMessage?
    /// The event: the reply itself, or the edit, delete or reaction (its text opened).
    public let event: ChatMessage
    /// From a snapshot's history of before this client came into the room.
    public let isHistory: Bool

    public init(room: String, change: Change, message: ConversationMessage?, event: ChatMessage, isHistory: Bool) {
        self.room = room
        self.change = change
        self.message = message
        self.event = event
        self.isHistory = isHistory
    }
}
