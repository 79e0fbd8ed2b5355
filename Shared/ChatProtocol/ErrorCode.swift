/// The machine-readable part of an `error` frame. Clients switch on these; the text is for people.
public enum ErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The frame is not JSON, not an object, or lacks a field its type requires.
    case badRequest = "bad_request"
    /// The frame's `type` is not one this protocol defines.
    case unknownType = "unknown_type"
    /// A `hello` is required first, or was already given.
    case notReady = "not_ready"
    case alreadyHello = "already_hello"
    case invalidName = "invalid_name"
    /// The name is used by someone else; the error carries a free `suggestion`.
    case nameTaken = "name_taken"
    /// The name belongs to another identity key (or to a key, and this client has none); with a `suggestion`.
    case nameBound = "name_bound"
    /// A `prove` whose signature does not verify, or that answers no challenge: send `hello` again.
    case badProof = "bad_proof"
    /// A message of a connection with an identity key that is not signed by that key: not sent.
    case badSignature = "bad_signature"
    case invalidRoom = "invalid_room"
    case notInRoom = "not_in_room"
    /// The connection is in as many rooms as allowed.
    case tooManyRooms = "too_many_rooms"
    /// The room has as many members as allowed, or the server as many rooms.
    case roomFull = "room_full"
    case unknownUser = "unknown_user"
    case invalidText = "invalid_text"
    case tooLarge = "too_large"
    case rateLimited = "rate_limited"
    /// The gateway has no live link to the relay right now; try again shortly.
    case unavailable = "unavailable"
    /// The relay is overloaded right now; try again shortly.
    case busy = "busy"
    /// Conversation events (docs/PROTOCOL.md, "Conversation events"): the target is not a message the
    /// relay holds in that room with that id (or it was deleted).
    case unknownMessage = "unknown_message"
    /// An edit or delete of someone else's message.
    case notYours = "not_yours"
    /// An edit or delete past `--edit-window`.
    case tooLate = "too_late"
    /// The message has as many reaction events as allowed.
    case tooManyReactions = "too_many_reactions"
    /// Files (docs/PROTOCOL.md, "Files"): the relay does not hold that body (dropped, or never uploaded).
    case fileExpired = "file_expired"
    /// Incoming webhooks (docs/PROTOCOL.md, "Incoming webhooks"): the relay has no room by that name.
    case unknownRoom = "unknown_room"
}
