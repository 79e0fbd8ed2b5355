import ChatProtocol
import Foundation

/// A relay snapshot's JSON, decoded with the protocol's own type so the tests check what clients get.
struct RoomSnapshotView {
    let seq: UInt64
    let members: [String]
    let history: [ChatMessage]
    let truncated: Bool

    init(_ bytes: [UInt8]) throws {
        let snapshot = try JSONDecoder().decode(RoomSnapshot.self, from: Data(bytes))
        self.seq = snapshot.seq
        self.members = snapshot.members
        self.history = snapshot.history
        self.truncated = snapshot.truncated
    }
}
