public import ChatClient

/// How end-to-end encryption is told: a room's key and its changes, one wording for people and scripts.
extension MessageFormatter {
    /// `🔒 #room is end-to-end encrypted; key fingerprint 95c5 9d43 39d0 b772 — compare it with the others`.
    public func encryptionNotice(room: String, fingerprint: String) -> String {
        self.styled(Self.lock + " #\(room) is end-to-end encrypted; key fingerprint \(fingerprint) — compare it with the others", .green)
    }

    /// A room key's change, for people: `🔒 #dev: new room key 1a2b 3c4d 5e6f 7a8b, after carol left`.
    public func roomKeyNotice(room: String, change: RoomKeyChange) -> String {
        let text = Self.lock + " #\(room): " + Self.describe(change)
        switch change {
        case .leftOut, .notHeld: return self.problem(text)
        case .rotated, .added: return self.styled(text, .green)
        }
    }

    /// What a room key's change means, in words; the one wording of the terminal and of scripts.
    public static func describe(_ change: RoomKeyChange) -> String {
        switch change {
        case .rotated(let fingerprint, let by, let after, let without):
            let left = after.isEmpty ? "" : ", after \(Self.list(after)) left"
            let excluded = without.isEmpty ? "" : ", without \(Self.list(without))"
            return "new room key \(fingerprint)\(left)\(excluded) (from \(by ?? "you"))"
        case .leftOut(let by):
            let from = by.map { " by \($0)" } ?? ""
            return "the room key was changed\(from) without you: what is said from now on cannot be read here; ask a member to /add you"
        case .added(let name, let fingerprint):
            return "gave \(name) the room key \(fingerprint)"
        case .notHeld:
            return
                "its members encrypt this room and you have no key: what you say here is not encrypted; ask a member for an invite link, or to /add you"
        }
    }

    /// `amy`, `amy and bob`, `amy, bob and cy`.
    static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
