import ChatProtocol
import EndToEnd

/// How file transfers ride the connection: their frames go out beside the queued messages, and what
/// comes back about them is carried out (see ``Transfers``).
extension ChatClient {
    /// What the writer does next.
    enum Outgoing: Equatable {
        /// A frame paced like a message (``pacing``): a queued one, or an `upload`.
        case message(ClientMessage)
        /// A chunk or `download`, paced by bytes already.
        case transfer(ClientMessage)
        /// Nothing to write until then, or until something is queued.
        case wait(until: ContinuousClock.Instant)
        case nothing
    }

    /// The next frame to write: messages first (they are small, and people wait for them), then the
    /// transfers' frames, at the pace of bytes the welcome allowed.
    func nextOutgoing(now: ContinuousClock.Instant) -> Outgoing {
        if let message = self.nextToSend() { return .message(message) }
        switch self.transfers.next(now: now, makeID: { self.state.makeTransferID() }) {
        case .request(let request): return .message(request)
        case .data(let frame): return .transfer(frame)
        case .wait(let due): return .wait(until: due)
        case .idle: return .nothing
        }
    }

    /// Nothing waits to be sent, acknowledged, answered, uploaded or downloaded.
    var isIdle: Bool { self.state.isIdle && self.transfers.isEmpty }

    /// A frame about a transfer of this client's (or the `error` refusing one of its frames); the writer
    /// may have more to send after it: the window moved on, or the transfer asks again.
    func receiveTransfer(_ message: ServerMessage) -> [ChatEvent] {
        defer { self.sendable.fire() }
        if case .error(let error) = message { return self.carryOut(self.transfers.refused(error)) }
        return self.carryOut(self.transfers.receive(message))
    }

    /// A refusal of an upload's `file` event, as that upload's end; `nil` for any other event.
    func fileRefusal(_ event: ChatEvent) -> [ChatEvent]? {
        guard case .refused(let error) = event, let id = error.id, self.transfers.upload(id)?.posts(id) == true else { return nil }
        self.refusedOwn(id: id)
        return self.carryOut(self.transfers.refused(error))
    }

    /// Does what the transfers decided: reports their events, sends `file` events, opens downloaded bodies.
    func carryOut(_ effects: [Transfers.Effect]) -> [ChatEvent] {
        var events: [ChatEvent] = []
        for effect in effects {
            switch effect {
            case .report(let event): events.append(self.reported(event))
            case .post(let shared): self.send(.file(shared))
            case .release(let id):
                self.state.release(id)
                self.sendable.fire()
            case .withdraw(let id):
                self.state.withdraw(id)
                self.refusedOwn(id: id)
            case .downloaded(let body): events.append(self.reported(self.opened(body)))
            }
        }
        return events
    }

    /// A transfer's event as it is told; the last one is also kept for ``outcome(of:)``, if it is awaited.
    func reported(_ event: TransferEvent) -> ChatEvent {
        let id = event.progress.id
        if event.isFinal, self.awaitedTransfers.remove(id) != nil {
            self.transferOutcomes[id] = event
            self.transferEnded.fire()
        }
        return .transfer(event)
    }

    /// A whole body, opened if it was sealed: with the key it names, bound to its room, sender and file id.
    private func opened(_ downloaded: Transfers.DownloadedBody) -> TransferEvent {
        guard let sender = downloaded.sealedBy else { return .received(downloaded.progress, bytes: downloaded.body) }
        do throws(EndToEndError) {
            let room = downloaded.progress.room
            let bytes = try self.encryption.keyring.open(fileBody: downloaded.body, room: room, sender: sender, file: downloaded.file)
            return .received(downloaded.progress, bytes: bytes)
        } catch {
            return .failed(downloaded.progress, reason: "\(downloaded.progress.name) cannot be decrypted: \(error)")
        }
    }

    /// The relay dropped a body: the conversation marks its message expired (one deleted, which is why
    /// it went, has nothing more to show).
    func expired(_ file: String, in room: String) -> ChatEvent {
        let message = self.conversations[room]?.expire(file: file)
        return .fileExpired(room: room, file: file, message: message?.isDeleted == false ? message : nil)
    }
}
