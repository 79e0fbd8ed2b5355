import ChatProtocol
import EndToEnd

/// What a server frame means for the client: the state's events, opened, with shares applied and
/// pins and rotations brought up to date.
extension ChatClient {
    /// What a frame means: the client state's events, with room and direct texts opened, shares
    /// applied, and pins and rotations brought up to date. `openings` collects the texts opened.
    func apply(_ message: ServerMessage, openings: inout FrameOpenings) -> [ChatEvent] {
        switch message {
        case .typing(let typing): return self.receive(typing)
        case .read(let marker): return self.receive(marker)
        case .uploadReady, .stored, .fileData: return self.receiveTransfer(message)
        case .error(let error) where error.id.map(self.transfers.awaits) == true:
            // A transfer's own frame (an `upload`, a chunk, a `download`): the transfer decides what follows.
            return self.receiveTransfer(message)
        case .welcome(let welcome) where self.state.epoch != nil && self.state.epoch != welcome.epoch:
            // The relay restarted: its sequence numbers start over, and what they named is gone.
            self.forgetConversations()
        default: break
        }
        var events: [ChatEvent] = []
        /// Rooms whose snapshot came in this frame: settled once their history is applied.
        var snapshots: [RoomSnapshot] = []
        for event in self.state.receive(message) {
            switch event {
            case .welcomed(let welcome, _):
                self.welcomedThisConnection = true
                self.pacing = .pacing(welcome.limits)
                // A welcome also comes unasked, when the relay behind the gateway restarted or failed over:
                // what it did not answer may be lost, as if the connection had dropped, so each transfer
                // asks where it stands (after a reconnect, it does already).
                for id in self.transfers.connectionLost() { self.state.hold(id) }
                self.transfers.welcomed(welcome.limits, now: .now)
                self.sendable.fire()
                self.firstWelcome.fire()
                events.append(event)
                for snapshot in welcome.rooms {
                    self.learnMarkers(of: snapshot)
                    self.encryption.learn(snapshot)
                    events += self.contactKeyEvents(of: snapshot)
                }
                snapshots += welcome.rooms
            case .joined(let snapshot):
                events.append(event)
                self.learnMarkers(of: snapshot)
                self.encryption.learn(snapshot)
                events += self.contactKeyEvents(of: snapshot)
                snapshots.append(snapshot)
            case .throttled:
                self.pacing?.empty(now: .now)
                self.sendable.fire()
                events.append(event)
            case .renamed, .refused:
                // An upload's `file` event: the upload ends, and says why.
                if let ended = self.fileRefusal(event) {
                    events += ended
                    continue
                }
                // A rename was answered: the writer may go on (see ClientState.dequeue).
                self.sendable.fire()
                if case .refused(let error) = event, let id = error.id {
                    self.encryption.refused(id: id)
                    self.refusedOwn(id: id)
                }
                events.append(event)
            case .message(let message, let isHistory, _, _) where message.kind == .share:
                let signed = self.signatureState(of: message).isValid
                events += self.encryption.receiveShare(message, signed: signed, isHistory: isHistory)
                self.rotationsChanged.fire()
            case .message(let message, let isHistory, _, _):
                let signature = self.signatureState(of: message)
                // A delete has no text to open.
                let (opened, encryption, told) =
                    message.kind == .delete ? (message, MessageEncryption.none, []) : self.encryption.open(message, isHistory: isHistory)
                openings.rooms[FrameOpenings.Position(room: message.room, seq: message.seq)] = (opened.text, encryption)
                events += told
                events += self.converse(opened, encryption: encryption, signature: signature, isHistory: isHistory)
            case .direct(let direct, _, _):
                let signature = self.signatureState(of: direct)
                let (opened, encryption) = self.encryption.open(direct)
                openings.direct = (opened.text, encryption)
                events.append(.direct(opened, encryption: encryption, signature: signature))
            case .presence(let presence, let members):
                events.append(event)
                if let notice = self.contactKeyEvent(of: presence) { events.append(notice) }
                events += self.forgetTypist(presence)
                if self.encryption.receive(presence, members: members, now: .now) { self.rotationsChanged.fire() }
            case .acknowledged(let ack):
                events.append(event)
                events += self.acknowledgedOwn(ack)
                events += self.carryOut(self.transfers.acknowledged(ack))
                events += self.encryption.acknowledged(ack)
                self.rotationsChanged.fire()
            case .fileExpired(let room, let file, _):
                events.append(self.expired(file, in: room))
            default:
                events.append(event)
            }
        }
        if case .fileExpired = message { events += self.carryOut(self.transfers.receive(message)) }
        for snapshot in snapshots {
            events += self.settle(snapshot.room, members: self.state.rooms[snapshot.room]?.members ?? snapshot.members)
        }
        return events
    }

    /// Derives the keys a frame's passphrase-room texts need (new salts), off the actor's thread, so
    /// that applying the frame can open them.
    func deriveKeys(for message: ServerMessage) async {
        let derivations = self.encryption.keyring.derivations(for: message.roomMessages)
        for derivation in derivations {
            guard let key = try? await RoomKey.deriving(passphrase: derivation.passphrase, salt: derivation.salt) else { continue }
            self.encryption.keyring.derived(key, for: derivation)
        }
    }
}

extension ServerMessage {
    /// The room messages a frame carries: its own, or its snapshots' history.
    var roomMessages: [ChatMessage] {
        switch self {
        case .message(let message): [message]
        case .welcome(let welcome): welcome.rooms.flatMap(\.history)
        case .joined(let joined): joined.snapshot.history
        default: []
        }
    }
}
