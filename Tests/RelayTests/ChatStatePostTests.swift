import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// Who a webhook may post as, and where (docs/PROTOCOL.md, "Incoming webhooks"): the chat state's rules, directly.
@Suite struct ChatStatePostTests {
    static let gateway = Origin(gateway: 7, connection: 0)
    static let alice = Origin(gateway: 1, connection: 1)
    static let aliceKey = [UInt8](repeating: 0xA1, count: 32)

    var state = ChatState(limits: ChatLimits())

    mutating func claim(_ origin: Origin, _ name: String, key: [UInt8]? = nil, rooms: [String] = ["lobby"]) {
        var effects = ChatState.Effects()
        let request = ClaimRequest(rooms: rooms.map { .init(name: $0) }, identityKey: key)
        self.state.claim(origin: origin, name: name, session: "s-\(origin.connection)", flags: [], request: request, epoch: 1, into: &effects)
    }

    mutating func release(_ origin: Origin) {
        var effects = ChatState.Effects()
        self.state.release(origin: origin, into: &effects)
    }

    static func refusal(_ decision: ChatState.SayDecision) -> Envelope? {
        if case .refuse(let error) = decision { error } else { nil }
    }

    @Test mutating func aPostInAnExistingRoomTakesTheRoomsNextSequence() {
        self.claim(Self.alice, "alice")  // lobby 1: alice joined
        let decision = self.state.admit(post: Self.gateway, room: "lobby", name: "ci", clientMessageID: "request-1")
        #expect(decision == .accept(roomSequence: 2))
    }

    @Test mutating func aRoomNobodyHasBeenInIsUnknown() {
        let error = Self.refusal(self.state.admit(post: Self.gateway, room: "nowhere", name: "ci", clientMessageID: "request-1"))
        #expect(error?.errorCode == "unknown_room")
        #expect(error?.clientMessageID == "request-1" && error?.origin == Self.gateway && error?.room == "nowhere")
    }

    @Test mutating func aRoomEveryoneLeftStillTakesPosts() {
        self.claim(Self.alice, "alice")
        self.release(Self.alice)
        #expect(self.state.admit(post: Self.gateway, room: "lobby", name: "ci", clientMessageID: "m") == .accept(roomSequence: 3))
    }

    @Test mutating func aNameHeldOnlineIsTakenInAnyCaseAndInAnyRoom() {
        self.claim(Self.alice, "alice", rooms: ["elsewhere"])
        self.claim(Origin(gateway: 1, connection: 2), "bob")
        let error = Self.refusal(self.state.admit(post: Self.gateway, room: "lobby", name: "ALICE", clientMessageID: "m"))
        #expect(error?.errorCode == "name_taken")
    }

    @Test mutating func aNameBoundToAnIdentityKeyIsRefusedAfterItsHolderLeft() {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        self.release(Self.alice)
        let error = Self.refusal(self.state.admit(post: Self.gateway, room: "lobby", name: "Alice", clientMessageID: "m"))
        #expect(error?.errorCode == "name_bound")
    }

    @Test mutating func aNameThatBreaksTheNameRulesIsRefusedWhateverTheGatewayChecked() {
        self.claim(Self.alice, "alice")
        for name in ["", "a:b", " padded", String(repeating: "x", count: 33)] {
            #expect(Self.refusal(self.state.admit(post: Self.gateway, room: "lobby", name: name, clientMessageID: "m"))?.errorCode == "invalid_name")
        }
    }

    @Test mutating func aRefusedPostTakesNoSequence() {
        self.claim(Self.alice, "alice")
        _ = self.state.admit(post: Self.gateway, room: "lobby", name: "alice", clientMessageID: "m")
        #expect(self.state.admit(post: Self.gateway, room: "lobby", name: "ci", clientMessageID: "m") == .accept(roomSequence: 2))
    }
}
