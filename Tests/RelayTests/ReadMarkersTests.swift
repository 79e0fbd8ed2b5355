import Testing

@testable import Relay

/// Read markers (docs/PROTOCOL.md, "Read markers"): per person and room, forward only, bounded.
@Suite struct ReadMarkersTests {
    static let alice = ReadMarkers.Reader(person: ReadMarkers.person(name: "Alice", identityKey: nil), room: "lobby")

    @Test func aMarkerOnlyMovesForwardAndReportsOnlyChanges() {
        var markers = ReadMarkers()
        #expect(markers.move(Self.alice, to: 5, visible: false)?.roomSequence == 5)
        #expect(markers.move(Self.alice, to: 3, visible: false) == nil, "never back")
        #expect(markers.move(Self.alice, to: 5, visible: false) == nil, "nothing changed")
        let shown = markers.move(Self.alice, to: 3, visible: true)
        #expect(shown?.roomSequence == 5 && shown?.visible == true, "showing it keeps where it is")
        #expect(markers.move(Self.alice, to: 9, visible: false)?.visible == false, "and hiding it again is the person's choice")
    }

    @Test func aPersonIsTheirKeyOrElseTheirNameRegardlessOfCase() {
        let key = [UInt8](repeating: 7, count: 32)
        #expect(ReadMarkers.person(name: "alice", identityKey: key) == ReadMarkers.person(name: "alice-phone", identityKey: key))
        #expect(ReadMarkers.person(name: "ALICE", identityKey: nil) == ReadMarkers.person(name: "alice", identityKey: nil))
        #expect(ReadMarkers.person(name: "alice", identityKey: nil) != ReadMarkers.person(name: "alice", identityKey: key))
    }

    @Test func pastTheCapacityTheLeastRecentlyMovedGoFirst() {
        var markers = ReadMarkers()
        let overflow = ReadMarkers.capacity + ReadMarkers.capacity / 100 + 1
        for index in 0..<overflow {
            _ = markers.move(.init(person: "name:p\(index)", room: "lobby"), to: 1, visible: false)
            if index == overflow - 2 { _ = markers.move(.init(person: "name:p0", room: "lobby"), to: 2, visible: false) }
        }
        #expect(markers.markers.count == ReadMarkers.capacity)
        #expect(markers[.init(person: "name:p0", room: "lobby")]?.roomSequence == 2, "moved late, so kept")
        #expect(markers[.init(person: "name:p1", room: "lobby")] == nil, "the oldest went")
        #expect(markers[.init(person: "name:p\(overflow - 1)", room: "lobby")] != nil)
    }
}
