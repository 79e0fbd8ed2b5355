import ChatProtocol
import Identity
import NIOCore
import RelayProtocol

/// `hello` and `prove`: checking what a client asks for, the identity challenge, and the claim at the relay.
extension ChatSession {
    /// Checks a `hello`; one with a key is answered with a challenge, one without claims its name and
    /// rooms at the relay. Returns the frame to answer with: the challenge, or the error if it cannot.
    mutating func hello(_ hello: Hello) -> ByteBuffer? {
        self.challenge = nil
        let claim: Claim
        switch self.validate(hello) {
        case .success(let valid): claim = valid
        case .failure(let problem): return problem.frame
        }
        guard let keyText = hello.key else {
            guard hello.box == nil else { return Frames.error(.badRequest, "box (a sealing key) needs key (an identity key) beside it", id: nil) }
            return self.claim(claim, key: nil)
        }
        guard let key = IdentityKey(text: keyText) else {
            return Frames.error(.badRequest, "key must be an Ed25519 public key: 32 bytes in base64url (43 characters)", id: nil)
        }
        guard self.context.hub.name(of: self.context.connectionID) == nil else {
            return Frames.error(.alreadyHello, "this connection already said hello", id: nil)
        }
        let challenge = IdentityChallenge(claim: claim, key: key, helloName: hello.name)
        self.challenge = challenge
        return Frames.challenge(nonce: challenge.nonce)
    }

    /// Checks the answer to the challenge and claims the name with the key it proves.
    mutating func prove(_ prove: Prove) -> ByteBuffer? {
        guard let challenge = self.challenge else {
            return Frames.error(.badProof, "there is no challenge to answer: send hello with your key first", id: nil)
        }
        // Used once, right or wrong: a failed proof needs a new hello, and with it a new nonce.
        self.challenge = nil
        guard challenge.isAnswered(by: prove.signature) else {
            self.context.metrics.refusedProofs.increment()
            return Frames.error(.badProof, "the signature does not verify with the key of the hello: send hello again", id: nil)
        }
        return self.claim(challenge.claim, key: challenge.key)
    }

    /// A `hello` whose fields are all valid.
    struct Claim {
        let name: UserName
        let rooms: [RoomName]
        let session: String
        let resume: Hello.Resume?
        /// The signed sealing key, whose shape only is checked: receivers verify its signature.
        let box: [UInt8]?
    }

    struct HelloProblem: Error {
        let frame: ByteBuffer
    }

    /// The hello's name, rooms and session, checked.
    private func validate(_ hello: Hello) -> Result<Claim, HelloProblem> {
        let name: UserName
        do {
            name = try UserName(validating: hello.name)
        } catch {
            self.context.metrics.refusedUsername.increment()
            return .failure(HelloProblem(frame: Frames.error(.invalidName, error.description, id: nil)))
        }
        var rooms: [RoomName] = []
        for raw in hello.rooms ?? [RoomName.lobby.value] {
            do {
                let room = try RoomName(validating: raw)
                if !rooms.contains(room) { rooms.append(room) }
            } catch {
                return .failure(HelloProblem(frame: Frames.error(.invalidRoom, "\(raw): \(error)", id: nil)))
            }
        }
        guard rooms.count <= Self.maximumHelloRooms else {
            return .failure(HelloProblem(frame: Frames.error(.tooManyRooms, "a hello may list at most \(Self.maximumHelloRooms) rooms", id: nil)))
        }
        guard hello.session.map({ SessionToken($0) != nil }) ?? true else {
            return .failure(HelloProblem(frame: Frames.error(.badRequest, "session must be the 32 hex digits a welcome gave", id: nil)))
        }
        var box: [UInt8]?
        if let text = hello.box {
            guard let bytes = Base64URL.decode(text), bytes.count == SignedPayload.boxBytes else {
                let problem = "box must be a sealing key and its signature: \(SignedPayload.boxBytes) bytes in base64url"
                return .failure(HelloProblem(frame: Frames.error(.badRequest, problem, id: nil)))
            }
            box = bytes
        }
        let session = hello.session ?? SessionToken.random().value
        return .success(Claim(name: name, rooms: rooms, session: session, resume: hello.resume, box: box))
    }

    /// Claims the name and rooms at the relay, with the key the connection proved (if any).
    private mutating func claim(_ claim: Claim, key: IdentityKey?) -> ByteBuffer? {
        let (name, rooms, session) = (claim.name, claim.rooms, claim.session)
        let resumeEpoch = claim.resume.flatMap { UInt64($0.epoch, radix: 16) } ?? 0
        let resumePoints = claim.resume?.rooms ?? [:]
        self.identityKey = key
        let claimStatus = self.context.hub.beginClaim(
            self.context.connectionID,
            name: name.value,
            session: session,
            rooms: rooms.map(\.value),
            identityKey: key?.bytes,
            box: claim.box
        )
        switch claimStatus {
        case .go: break
        case .inProgress: return (Frames.error(.notReady, "a hello is already being answered", id: nil))
        case .alreadyNamed: return (Frames.error(.alreadyHello, "this connection already said hello", id: nil))
        }
        let request = ClaimRequest(
            resumeEpoch: resumeEpoch,
            rooms: rooms.map { ClaimRequest.Room(name: $0.value, resumeAfter: resumePoints[$0.value]) },
            identityKey: key?.bytes,
            box: claim.box
        )
        let claim = Envelope.claim(origin: self.context.origin, name: name.value, session: session, request: request)
        if let failure = self.failure(of: self.context.send(claim), id: nil) {
            _ = self.context.hub.unregisterClaim(self.context.connectionID)
            return failure
        }
        self.context.log(.info, "client hello", metadata: ["name": "\(name)", "mode": "v1", "rooms": "\(rooms.count)", "key": "\(key?.fingerprint ?? "none")"])
        return nil
    }
}
