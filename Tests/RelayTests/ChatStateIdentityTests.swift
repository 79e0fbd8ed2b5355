import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// Names that belong to identity keys (docs/PROTOCOL.md, "Names belong to keys").
@Suite struct ChatStateIdentityTests {
    static let alice = Origin(gateway: 1, connection: 1)
    static let mallory = Origin(gateway: 2, connection: 1)
    static let later = Origin(gateway: 1, connection: 2)
    static let aliceKey = [UInt8](repeating: 0xA1, count: 32)
    static let malloryKey = [UInt8](repeating: 0x66, count: 32)
    static let day: UInt64 = 24 * 3600 * 1000

    var state = ChatState(limits: ChatLimits(nameBindingTTL: .seconds(24 * 3600), nameBindings: 3))

    @discardableResult
    mutating func claim(_ origin: Origin, _ name: String, key: [UInt8]?, at now: UInt64 = 1_000) -> ChatState.Effects {
        var effects = ChatState.Effects()
        self.state.now = now
        let request = ClaimRequest(rooms: [.init(name: "lobby")], identityKey: key)
        self.state.claim(origin: origin, name: name, session: "session-\(origin.gateway)-\(origin.connection)", flags: [], request: request, epoch: 1, into: &effects)
        return effects
    }

    mutating func release(_ origin: Origin, at now: UInt64) {
        var effects = ChatState.Effects()
        self.state.now = now
        self.state.release(origin: origin, into: &effects)
    }

    static func error(_ effects: ChatState.Effects) -> Envelope? {
        effects.replies.first { $0.kind == .error }
    }

    @Test mutating func aBoundNameIsRefusedToAnotherKeyAndToClientsWithoutOneAndGivenBackToItsKey() {
        #expect(Self.error(self.claim(Self.alice, "alice", key: Self.aliceKey)) == nil)
        self.release(Self.alice, at: 2_000)
        let impostor = self.claim(Self.mallory, "ALICE", key: Self.malloryKey, at: 3_000)
        #expect(Self.error(impostor)?.errorCode == "name_bound")
        #expect(Self.error(impostor)?.suggestedName == "ALICE2")
        #expect(Self.error(impostor)?.errorMessage.contains("belongs to another person's identity key") == true)
        #expect(Self.error(self.claim(Self.mallory, "alice", key: nil, at: 3_000))?.errorCode == "name_bound", "a seed client too")
        #expect(Self.error(self.claim(Self.later, "Alice", key: Self.aliceKey, at: 4_000)) == nil, "its own key takes it again, in any case")
    }

    @Test mutating func aNameInUseIsTakenWhateverKeyItIsBoundToAndItsSessionMustBringTheKey() {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        #expect(Self.error(self.claim(Self.mallory, "Alice", key: Self.malloryKey))?.errorCode == "name_taken", "she is online: taken")
        var effects = ChatState.Effects()
        self.state.claim(
            origin: Self.mallory,
            name: "alice",
            session: "session-1-1",
            flags: [],
            request: ClaimRequest(rooms: [], identityKey: Self.malloryKey),
            epoch: 1,
            into: &effects
        )
        #expect(Self.error(effects)?.errorCode == "name_bound", "her session token without her key takes nothing over")
    }

    @Test mutating func aBindingUnusedForItsTimeToLiveIsForgottenButNotWhileItsNameIsHeld() {
        self.claim(Self.alice, "alice", key: Self.aliceKey, at: 0)
        // Held for three days: still hers (taken, then bound), however long ago she claimed it.
        #expect(Self.error(self.claim(Self.mallory, "alice", key: Self.malloryKey, at: 3 * Self.day))?.errorCode == "name_taken")
        self.release(Self.alice, at: 3 * Self.day)
        #expect(Self.error(self.claim(Self.mallory, "alice", key: Self.malloryKey, at: 4 * Self.day - 1))?.errorCode == "name_bound")
        #expect(Self.error(self.claim(Self.mallory, "alice", key: Self.malloryKey, at: 4 * Self.day + 1)) == nil, "a day after she left")
    }

    @Test mutating func renamingMovesTheBindingAndFreesTheOldName() {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        var effects = ChatState.Effects()
        self.state.rename(origin: Self.alice, to: "alicia", clientMessageID: "r1", into: &effects)
        #expect(effects.replies.last?.kind == .renamed)
        #expect(effects.publish.first?.signerKey.map(Array.init) == Self.aliceKey, "the presence renamed carries her key")
        #expect(Self.error(self.claim(Self.mallory, "alice", key: Self.malloryKey)) == nil, "the old name is free")
        self.release(Self.alice, at: 2_000)
        var taken = ChatState.Effects()
        self.state.rename(origin: Self.mallory, to: "Alicia", clientMessageID: "r2", into: &taken)
        #expect(Self.error(taken)?.errorCode == "name_bound")
        #expect(Self.error(taken)?.clientMessageID == "r2")
    }

    @Test mutating func aKeylessClientCannotRenameToABoundName() {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        self.release(Self.alice, at: 2_000)
        self.claim(Self.mallory, "guest", key: nil)
        var effects = ChatState.Effects()
        self.state.rename(origin: Self.mallory, to: "alice", clientMessageID: "r1", into: &effects)
        #expect(Self.error(effects)?.errorCode == "name_bound")
    }

    @Test mutating func whenFullTheLeastRecentlyUsedBindingNobodyHoldsIsForgotten() {
        for (index, name) in ["a1", "a2", "a3"].enumerated() {
            let origin = Origin(gateway: 5, connection: UInt64(index))
            self.claim(origin, name, key: [UInt8](repeating: UInt8(index), count: 32), at: UInt64(index))
            self.release(origin, at: 10 + UInt64(index))
        }
        self.claim(Self.alice, "alice", key: Self.aliceKey, at: 100)
        #expect(self.state.bindings.bindings.count == 3)
        #expect(self.state.bindings.bindings["a1"] == nil, "a1 was used longest ago")
        #expect(self.state.bindings.bindings["a2"] != nil && self.state.bindings.bindings["alice"] != nil)
    }

    @Test mutating func aSayMustBeStampedWithTheKeyTheConnectionProvedAndOnlyThen() {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        self.claim(Self.mallory, "guest", key: nil)
        func admit(_ origin: Origin, _ key: [UInt8]?) -> ChatState.SayDecision {
            guard let key else { return self.state.admit(say: origin, room: "lobby", clientMessageID: "") }
            return key.withUnsafeBytes { self.state.admit(say: origin, room: "lobby", clientMessageID: "", signerKey: $0) }
        }
        if case .refuse = admit(Self.alice, Self.aliceKey) { Issue.record("her own key is refused") }
        for (origin, key) in [(Self.alice, nil), (Self.alice, Self.malloryKey), (Self.mallory, Self.malloryKey)] {
            guard case .refuse(let error) = admit(origin, key) else {
                Issue.record("\(origin) with \(String(describing: key)) admitted")
                continue
            }
            #expect(error.errorCode == "bad_signature")
        }
        if case .refuse = admit(Self.mallory, nil) { Issue.record("an unsigned say of a keyless client is refused") }
    }

    @Test mutating func presenceJoinedCarriesTheMembersKeyAndLeftDoesNot() {
        let joined = self.claim(Self.alice, "alice", key: Self.aliceKey)
        #expect(joined.publish.first?.signerKey.map(Array.init) == Self.aliceKey)
        var effects = ChatState.Effects()
        self.state.release(origin: Self.alice, into: &effects)
        #expect(effects.publish.first?.flags.contains(.left) == true)
        #expect(effects.publish.first?.signerKey == nil)
    }

    @Test mutating func aRoomsSnapshotListsItsMembersKeysByName() throws {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        self.claim(Self.mallory, "guest", key: nil)
        let snapshot = self.state.snapshot(of: "lobby", for: Self.mallory, clientMessageID: "", resumeAfter: nil, truncated: false)
        let text = String(decoding: snapshot.payload, as: UTF8.self)
        #expect(text.contains(#""keys":{"alice":"\#(Base64URL.encode(Self.aliceKey))"}"#), "guest has no key, so only alice is listed: \(text)")
    }

    @Test mutating func theBindingsAndKeysReachThePassiveRelaysCopy() throws {
        self.claim(Self.alice, "alice", key: Self.aliceKey)
        self.claim(Self.mallory, "bob", key: Self.malloryKey)
        self.release(Self.mallory, at: 5_000)
        var copy = try ChatState(snapshot: self.state.snapshotBytes(), limits: self.state.limits)
        #expect(copy.snapshotBytes() == self.state.snapshotBytes())
        #expect(copy.members[Self.alice]?.identityKey == Self.aliceKey)
        var effects = ChatState.Effects()
        copy.now = 6_000
        copy.claim(origin: Self.later, name: "bob", session: "x", flags: [], request: ClaimRequest(rooms: []), epoch: 1, into: &effects)
        #expect(Self.error(effects)?.errorCode == "name_bound", "the copy refuses bob's name to others too")
    }
}
