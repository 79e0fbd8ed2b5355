@testable import RelayProtocol
import Testing

/// Each chat kind's constructor puts its fields where the wire layout has always had them, and the
/// accessors read them back under their meaning.
@Suite struct EnvelopeChatTests {
    static let origin = Origin(gateway: 0xA, connection: 3)

    @Test func aClaimCarriesTheNameAndTheSessionToken() throws {
        let request = ClaimRequest(resumeEpoch: 7, rooms: [.init(name: "lobby", resumeAfter: 4)])
        let claim = Envelope.claim(origin: Self.origin, name: "alice", session: "s1", request: request, flags: [.reclaim])
        #expect(claim == Envelope(kind: .claim, flags: [.reclaim], origin: Self.origin, sender: "alice", target: "s1", payload: request.bytes))
        #expect(claim.session == "s1")
        #expect(try ClaimRequest(bytes: claim.payload) == request)
    }

    @Test func aWelcomeCarriesTheSessionAndTheRoomAndFileLimits() {
        let welcome = Envelope.welcome(origin: Self.origin, name: "alice", session: "s1", limits: WelcomeLimits(maxRooms: 4, maxFileBytes: 5))
        #expect(welcome == Envelope(kind: .welcome, origin: Self.origin, sender: "alice", target: "s1", payload: [4, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0]))
        #expect(welcome.session == "s1")
        #expect(welcome.welcomeLimits == WelcomeLimits(maxRooms: 4, maxFileBytes: 5))
    }

    @Test func aRenameAndItsAnswerCarryTheNames() {
        let rename = Envelope.rename(origin: Self.origin, to: "alicia", clientMessageID: "r1")
        #expect(rename == Envelope(kind: .rename, origin: Self.origin, target: "alicia", clientMessageID: "r1"))
        #expect(rename.requestedName == "alicia")
        let renamed = Envelope.renamed(origin: Self.origin, name: "alicia", previousName: "alice", clientMessageID: "r1")
        #expect(renamed == Envelope(kind: .renamed, origin: Self.origin, sender: "alicia", target: "alice", clientMessageID: "r1"))
        #expect(renamed.previousName == "alice")
    }

    @Test func presenceHasAPreviousNameOnlyForARename() {
        let joined = Envelope.presence(.joined, origin: Self.origin, room: "lobby", roomSequence: 5, name: "alice")
        #expect(joined == Envelope(kind: .presence, flags: .joined, roomSequence: 5, origin: Self.origin, room: "lobby", sender: "alice"))
        #expect(joined.previousName == nil)
        let renamed = Envelope.presence(
            .renamed,
            origin: Self.origin,
            room: "lobby",
            roomSequence: 6,
            name: "alicia",
            previousName: "alice"
        )
        #expect(renamed.target == "alice" && renamed.previousName == "alice")
        #expect(renamed.payload.isEmpty)
    }

    @Test func aDirectMessageAndItsAckNameTheAddressee() {
        let direct = Envelope.direct(origin: Self.origin, sender: "alice", addressee: "bob", clientMessageID: "d1", text: [104, 105], timestamp: 9)
        #expect(
            direct
                == Envelope(
                    kind: .direct,
                    timestamp: 9,
                    origin: Self.origin,
                    sender: "alice",
                    target: "bob",
                    clientMessageID: "d1",
                    payload: [104, 105]
                )
        )
        #expect(direct.addressee == "bob")
        let ack = Envelope.ack(origin: Self.origin, clientMessageID: "d1", addressee: "bob", timestamp: 9)
        #expect(ack == Envelope(kind: .ack, timestamp: 9, origin: Self.origin, target: "bob", clientMessageID: "d1"))
        #expect(ack.addressee == "bob")
    }

    @Test func aRoomMessagesAckHasNoAddressee() {
        let ack = Envelope.ack(origin: Self.origin, clientMessageID: "m1", room: "lobby", roomSequence: 3, timestamp: 9)
        #expect(ack == Envelope(kind: .ack, roomSequence: 3, timestamp: 9, origin: Self.origin, room: "lobby", clientMessageID: "m1"))
        #expect(ack.addressee == nil)
    }

    @Test func anErrorCarriesItsCodeSuggestionAndText() {
        let error = Envelope.error(code: "name_taken", message: "taken", origin: Self.origin, clientMessageID: "c", suggestion: "alice2")
        #expect(
            error
                == Envelope(
                    kind: .error,
                    origin: Self.origin,
                    sender: "alice2",
                    target: "name_taken",
                    clientMessageID: "c",
                    payload: Array("taken".utf8)
                )
        )
        #expect(error.errorCode == "name_taken" && error.suggestedName == "alice2" && error.errorMessage == "taken")
        let plain = Envelope.error(code: "not_in_room", message: "no", origin: Self.origin, room: "lobby")
        #expect(plain.suggestedName == nil && plain.room == "lobby" && plain.sender.isEmpty)
    }

    @Test func welcomeLimitsAreTwelveLittleEndianBytes() throws {
        #expect(WelcomeLimits(maxRooms: 0x0102_0304, maxFileBytes: 0x0506).bytes == [4, 3, 2, 1, 6, 5, 0, 0, 0, 0, 0, 0])
        #expect(try WelcomeLimits(bytes: [4, 3, 2, 1, 6, 5, 0, 0, 0, 0, 0, 0]) == WelcomeLimits(maxRooms: 0x0102_0304, maxFileBytes: 0x0506))
        #expect(WelcomeLimits(maxRooms: Int(UInt32.max) + 1, maxFileBytes: 1).bytes.prefix(4) == [255, 255, 255, 255])
        #expect(throws: EnvelopeError.self) { try WelcomeLimits(bytes: [4, 3, 2, 1]) }
        #expect(Envelope(kind: .welcome, payload: []).welcomeLimits == nil)
    }
}

@Suite struct SignedEnvelopeTests {
    @Test func aClaimRequestCarriesTheProvedKeyAfterTheRoomsAndOneWithoutStaysAsItWas() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let keyed = ClaimRequest(resumeEpoch: 3, rooms: [.init(name: "lobby", resumeAfter: 9)], identityKey: key)
        #expect(try ClaimRequest(bytes: keyed.bytes) == keyed)
        let plain = ClaimRequest(rooms: [.init(name: "lobby")])
        #expect(try ClaimRequest(bytes: plain.bytes) == plain)
        #expect(keyed.bytes.count == ClaimRequest(resumeEpoch: 3, rooms: keyed.rooms).bytes.count + 32)
        #expect(throws: EnvelopeError.self) { try ClaimRequest(bytes: plain.bytes + [1, 2, 3]) }
        let claim = Envelope.claim(origin: Origin(gateway: 1, connection: 2), name: "amy", session: "s", request: keyed)
        #expect(claim.flags.contains(.signed))
    }

    @Test func aClaimRequestCarriesASealingKeyOnlyAfterAnIdentityKey() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let box = [UInt8](repeating: 9, count: SignedPayload.boxBytes)
        let sealing = ClaimRequest(rooms: [.init(name: "dev")], identityKey: key, box: box)
        #expect(try ClaimRequest(bytes: sealing.bytes) == sealing)
        #expect(ClaimRequest(rooms: [], box: box).box == nil, "no sealing key without an identity key")
        #expect(throws: EnvelopeError.self) { try ClaimRequest(bytes: sealing.bytes.dropLast()) }
    }

    @Test func aSignedPayloadSplitsIntoKeySignatureAndText() throws {
        let key = [UInt8](repeating: 1, count: 32)
        let signature = [UInt8](repeating: 2, count: 64)
        let envelope = Envelope(kind: .message, flags: .signed, room: "lobby", sender: "amy", payload: SignedPayload.make(key: key, signature: signature, text: Array("hi".utf8)))
        let decoded = try Envelope(decoding: envelope.encoded())
        #expect(Array(decoded.text) == Array("hi".utf8))
        #expect(decoded.signerKey.map(Array.init) == key)
        #expect(decoded.signatureStamp?.key.count == 43 && decoded.signatureStamp?.sig.count == 86)
        let unsigned = Envelope(kind: .message, room: "lobby", sender: "amy", payload: Array("hi".utf8))
        #expect(unsigned.signatureStamp == nil && Array(unsigned.text) == Array("hi".utf8))
        let cut = Envelope(kind: .message, flags: .signed, payload: Array("short".utf8))
        #expect(cut.signatureStamp == nil && Array(cut.text) == Array("short".utf8), "a signed flag without a whole stamp is no stamp")
    }
}
