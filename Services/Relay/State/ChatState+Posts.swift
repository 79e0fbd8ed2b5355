import ChatProtocol
import RelayProtocol

/// Incoming webhooks (docs/PROTOCOL.md, "Incoming webhooks"): a bot's message in a room it is not a member of.
extension ChatState {
    /// Decides on a `post` of the gateway `origin` (connection 0) in `room` as `name` and, when accepted,
    /// hands out its room sequence. The room must exist, and the name must be nobody's: not held by anyone
    /// online (`name_taken`) and not bound to an identity key (`name_bound`), so a bot cannot speak as a
    /// person. The name rules are the ones a `claim` obeys (``nameOwners``, ``bindingRefusal(of:to:for:id:)``).
    ///
    /// There is no resend check: a post has no session, and a gateway never sends one twice.
    mutating func admit(post origin: Origin, room: String, name: String, clientMessageID: String) -> SayDecision {
        // The gateway checked the name already; a relay trusts no gateway's word for a rule it can check.
        guard (try? UserName(validating: name))?.value == name else {
            return .refuse(Self.error(.invalidName, "not a valid name for a post", to: origin, id: clientMessageID, room: room))
        }
        guard self.rooms[room] != nil else {
            return .refuse(Self.error(.unknownRoom, "there is no room \(room)", to: origin, id: clientMessageID, room: room))
        }
        if self.nameOwners[name.lowercased()] != nil {
            return .refuse(Self.error(.nameTaken, "the name \"\(name)\" is held by someone online", to: origin, id: clientMessageID, room: room))
        }
        if let refusal = self.bindingRefusal(of: name, to: nil, for: origin, id: clientMessageID) {
            return .refuse(refusal)
        }
        self.activity += 1
        self.rooms[room]?.lastActive = self.activity
        return .accept(roomSequence: self.rooms[room]!.nextSequence())
    }
}
