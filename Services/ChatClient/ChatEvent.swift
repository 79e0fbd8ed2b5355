public import ChatProtocol
public import Identity

/// What a ``ChatClient`` tells its user interface, in the order it happened.
public enum ChatEvent: Sendable, Equatable {
    /// Trying to connect (attempt 1 is the first).
    case connecting(attempt: Int)
    /// Connected and welcomed; `resumed` if this followed a reconnect.
    case welcomed(Welcome, resumed: Bool)
    /// The connection dropped; another attempt follows after `retryIn`.
    case disconnected(reason: String, retryIn: Duration)
    /// A message or action in a room. `isHistory` for those from before this client first came into
    /// the room (a snapshot's history); messages missed during a reconnection are not history.
    /// In an encrypted room the text is already opened, or a marker (see ``MessageEncryption``).
    /// `signature` says whether its sender is who the name says (``SignatureState``).
    case message(ChatMessage, isHistory: Bool, encryption: MessageEncryption = .none, signature: SignatureState = .unsigned)
    /// A conversation event changed a message (an edit, a delete, reactions), or a message answering
    /// another is about to be reported (docs/PROTOCOL.md, "Conversation events"). Edits, deletes and
    /// reactions come only this way, never as ``message(_:isHistory:encryption:signature:)``.
    case conversation(ConversationUpdate)
    /// Who is typing in a room changed (someone started, stopped, said something, or went quiet for 6 s).
    case typists(room: String, names: [String])
    /// A read marker moved: this person's own (`name` `nil`: read on another device), or a member's visible one.
    case readMarker(room: String, name: String?, seq: UInt64)
    /// A direct message, opened if it was sealed (``MessageEncryption/decrypted``), or marked
    /// ``MessageEncryption/unencrypted`` if it came in the clear.
    case direct(DirectMessage, encryption: MessageEncryption = .none, signature: SignatureState = .unsigned)
    /// A presence event showed a name's key for the first time, or another key than the one pinned.
    case contactKey(name: String, state: SignatureState)
    /// Someone joined, left or was renamed; `members`: the room's members afterwards.
    case presence(Presence, members: [String])
    /// Joined a room (its snapshot's history arrives as `message` events with `isHistory`, opened:
    /// read those, not the snapshot's, which are as the server sent them).
    case joined(RoomSnapshot)
    /// From now on the room's messages are sealed and opened with a key of this fingerprint (reported
    /// at the start of ``ChatClient/run()`` for the configured keys, and for each room that gets its
    /// first key later: made here, derived from a passphrase, or shared by a member).
    case encrypted(room: String, fingerprint: String)
    /// An encrypted room's key changed: rotated, or this client was left out.
    case roomKey(room: String, RoomKeyChange)
    case left(room: String)
    case members(Members)
    case renamed(Renamed)
    /// A message of ours was sequenced (room) or delivered (dm).
    case acknowledged(Ack)
    /// The server refused a frame of ours.
    case refused(ErrorMessage)
    /// We sent faster than the server allows; the message goes again after a pause.
    case throttled
    /// Some of a room's history could not be resumed: messages were missed.
    case historyGap(room: String)
    /// The server's relay restarted since the last connection: history starts over.
    case serverRestarted
    /// A file transfer moved on or ended (``ChatClient/sendFile(_:in:keepsOutcome:)``, ``ChatClient/download(_:keepsOutcome:)``).
    case transfer(TransferEvent)
    /// The server no longer holds the body `file`, shared in `room` (docs/PROTOCOL.md, "Files");
    /// `message`: its `file` event as held now, marked expired, if the conversation holds it and it
    /// was not deleted.
    case fileExpired(room: String, file: String, message: ConversationMessage?)
    /// A server frame as received, when ``ChatClient/Configuration/reportsFrames`` is on (`--json`).
    case frame(String)
}
