import ChatConfig
import ChatProtocol
import Foundation
import RelayProtocol
import Testing

@testable import Relay

/// What the relay carries for end-to-end encryption (docs/PROTOCOL.md, "Sealing keys", "Key shares"):
/// members' sealing keys, passed on untouched, and whether a departure was a `leave`.
@Suite struct ChatStateSealingKeyTests {
    static let alice = Origin(gateway: 1, connection: 1)
    static let bob = Origin(gateway: 2, connection: 1)
    static let aliceKey = [UInt8](repeating: 0xA1, count: 32)
    static let aliceBox = [UInt8](repeating: 0xB0, count: SignedPayload.boxBytes)

    var state = ChatState(limits: ChatLimits())

    mutating func claim(_ origin: Origin, _ name: String, key: [UInt8]? = nil, box: [UInt8]? = nil) -> ChatState.Effects {
        var effects = ChatState.Effects()
        let request = ClaimRequest(rooms: [.init(name: "dev")], identityKey: key, box: box)
        self.state.claim(origin: origin, name: name, session: "session-\(origin.gateway)", flags: [], request: request, epoch: 1, into: &effects)
        return effects
    }

    @Test mutating func aMembersSealingKeyRidesItsPresenceAndTheSnapshotsOthersGet() throws {
        let joined = self.claim(Self.alice, "alice", key: Self.aliceKey, box: Self.aliceBox)
        let presence = try #require(joined.publish.first { $0.kind == .presence })
        let decoded = try Envelope(decoding: presence.encoded())
        #expect(decoded.signerKey.map(Array.init) == Self.aliceKey)
        #expect(decoded.memberBox.map(Array.init) == Self.aliceBox)

        let bobJoins = self.claim(Self.bob, "bob")
        let snapshot = try #require(bobJoins.replies.first { $0.kind == .joined })
        let view = try JSONDecoder().decode(RoomSnapshot.self, from: Data(snapshot.payload))
        #expect(view.keys == ["alice": Base64URL.encode(Self.aliceKey)])
        #expect(view.boxes == ["alice": Base64URL.encode(Self.aliceBox)])
        let bobsPresence = try #require(bobJoins.publish.first { $0.kind == .presence })
        #expect(bobsPresence.signerKey == nil && bobsPresence.memberBox == nil, "a keyless member has neither")
    }

    @Test mutating func aLeaveIsMarkedAsAskedForAndAConnectionThatEndsIsNot() throws {
        _ = self.claim(Self.alice, "alice", key: Self.aliceKey, box: Self.aliceBox)
        _ = self.claim(Self.bob, "bob")
        var left = ChatState.Effects()
        self.state.leave(origin: Self.alice, room: "dev", clientMessageID: "l1", byRequest: true, into: &left)
        let leave = try #require(left.publish.first { $0.kind == .presence })
        #expect(leave.flags.contains(.left) && leave.flags.contains(.byRequest))
        #expect(leave.signerKey == nil && leave.memberBox == nil, "a departure carries no keys")

        var gone = ChatState.Effects()
        self.state.release(origin: Self.bob, into: &gone)
        let drop = try #require(gone.publish.first { $0.kind == .presence })
        #expect(drop.flags.contains(.left) && !drop.flags.contains(.byRequest), "a dropped connection is not a leave")
    }

    @Test mutating func theBackupRelaysCopyKeepsTheSealingKeys() throws {
        _ = self.claim(Self.alice, "alice", key: Self.aliceKey, box: Self.aliceBox)
        let bytes = self.state.snapshotBytes()
        let restored = try ChatState(snapshot: bytes, limits: ChatLimits())
        #expect(restored.members[Self.alice]?.box == Self.aliceBox)
        #expect(restored.snapshotBytes() == bytes)
    }
}
