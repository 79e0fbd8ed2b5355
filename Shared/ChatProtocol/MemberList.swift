/// A room's member names, in the order people read them, kept up to date by presence events.
///
/// The relay sorts snapshots this way; clients apply each `presence` to the snapshot's list in room order
/// and so hold the same list without the server sending it again.
public enum MemberList {
    /// Case-insensitive, ties broken by the exact spelling: `amy`, `Bob`, `bob`, `carol`.
    public static func areInIncreasingOrder(_ left: String, _ right: String) -> Bool {
        let (leftKey, rightKey) = (left.lowercased(), right.lowercased())
        return leftKey == rightKey ? left < right : leftKey < rightKey
    }

    /// `names` sorted the way people read them, each name lowercased once.
    public static func sorted(_ names: some Sequence<String>) -> [String] {
        let keyed: [(key: String, name: String)] = names.map { ($0.lowercased(), $0) }
        return keyed.sorted { $0.key == $1.key ? $0.name < $1.name : $0.key < $1.key }.map(\.name)
    }

    /// `members` after `presence`: joined adds the name, left removes it, renamed replaces the old one.
    public static func applying(_ presence: Presence, to members: [String]) -> [String] {
        var members = members
        switch presence.event {
        case .joined:
            Self.insert(presence.name, into: &members)
        case .left:
            members.removeAll { $0 == presence.name }
        case .renamed:
            if let from = presence.from { members.removeAll { $0 == from } }
            Self.insert(presence.name, into: &members)
        }
        return members
    }

    private static func insert(_ name: String, into members: inout [String]) {
        guard !members.contains(name) else { return }
        let index = members.firstIndex { Self.areInIncreasingOrder(name, $0) } ?? members.endIndex
        members.insert(name, at: index)
    }
}
