import ChatProtocol
import RelayProtocol

/// One room at the relay: its members, its sequence, its history.
struct Room: Sendable {
    let name: String
    /// Members by origin, with their current names.
    var members: [Origin: String] = [:]
    /// The last room sequence handed out (messages and presence events share it).
    var sequence: UInt64 = 0
    var history = RoomHistory()
    /// When the room was last used, to pick an empty room to forget.
    var lastActive: UInt64 = 0

    init(name: String) {
        self.name = name
    }

    /// Hands out the next room sequence.
    mutating func nextSequence() -> UInt64 {
        self.sequence += 1
        return self.sequence
    }

    /// Member names, sorted the way people read them.
    var memberNames: [String] {
        MemberList.sorted(self.members.values)
    }
}
