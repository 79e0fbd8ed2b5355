import ChatProtocol
import Testing

@Suite struct MemberListTests {
    static func presence(_ event: Presence.Event, _ name: String, from: String? = nil) -> Presence {
        Presence(room: "lobby", seq: 1, event: event, name: name, from: from)
    }

    @Test func namesSortCaseInsensitivelyWithTiesByExactSpelling() {
        #expect(MemberList.sorted(["carol", "bob", "Amy", "Bob", "amy"]) == ["Amy", "amy", "Bob", "bob", "carol"])
    }

    @Test func presenceEventsKeepTheListAsASnapshotWouldHaveIt() {
        var members = ["amy", "carol"]
        members = MemberList.applying(Self.presence(.joined, "Bob"), to: members)
        #expect(members == ["amy", "Bob", "carol"])
        members = MemberList.applying(Self.presence(.joined, "Bob"), to: members)
        #expect(members == ["amy", "Bob", "carol"], "a name is listed once")
        members = MemberList.applying(Self.presence(.renamed, "zed", from: "amy"), to: members)
        #expect(members == ["Bob", "carol", "zed"])
        members = MemberList.applying(Self.presence(.left, "nobody"), to: members)
        members = MemberList.applying(Self.presence(.left, "carol"), to: members)
        #expect(members == ["Bob", "zed"])
        members = MemberList.applying(Self.presence(.renamed, "ann", from: "unknown"), to: members)
        #expect(members == ["ann", "Bob", "zed"])
    }
}
