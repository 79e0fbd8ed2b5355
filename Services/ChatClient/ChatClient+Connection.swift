import ChatProtocol
import EndToEnd
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOPosix

extension ChatClient {
    /// One connection, from upgrade to close. Returns why it ended.
    func connectOnce() async throws -> String {
        self.welcomedThisConnection = false
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 24,
            additionalHeaders: self.upgradeHeaders,
            closeTimeout: .seconds(2),
            autoPing: .enabled(timePeriod: .seconds(30)),
            validateUTF8: true
        )
        defer {
            self.outbound = nil
            self.connectionEnded()
        }
        let close = try await WebSocketClient.connect(
            url: self.configuration.url.value,
            configuration: configuration,
            logger: self.configuration.logger
        ) {
            inbound,
            outbound,
            _ in
            guard await self.attach(outbound) else { return }
            try await outbound.write(.text(String(decoding: await self.hello(), as: UTF8.self)))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.writeLoop(outbound) }
                group.addTask { await self.rotateWhenDue() }
                group.addTask { await self.runConversationTimers() }
                defer { group.cancelAll() }
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    guard case .text(let text) = message else { continue }
                    switch await self.receive(text) {
                    case .goOn: break
                    case .answer(let frame): try await outbound.write(.text(String(decoding: frame, as: UTF8.self)))
                    case .end:
                        try await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
        }
        if let close {
            switch close.closeCode {
            case .unknown(4001):
                self.fatal = ChatClientError(.replaced, "this session continued on another connection")
            case .policyViolation where !self.welcomedThisConnection && self.fatal == nil:
                self.fatal = ChatClientError(.closed, "the server refused the connection: \(close.reason ?? "policy violation")")
            default: break
            }
            return "the server closed the connection (\(Self.describe(close)))"
        }
        return "the connection was lost"
    }

    /// The connection dropped: what was unacknowledged is resent on the next one (an upload's `file`
    /// event once the upload is resumed there), transfers go on from where they stand, and nobody types
    /// any more.
    func connectionEnded() {
        self.state.connectionLost()
        for id in self.transfers.connectionLost() { self.state.hold(id) }
        self.forgetTypists()
    }

    /// The upgrade request's own headers: the subprotocol, and the access key if there is one.
    var upgradeHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = "privchat.v1"
        if let key = self.configuration.accessKey { headers[.authorization] = "Bearer \(key)" }
        return headers
    }

    /// Keeps the writer so ``stop()`` can close the connection; `false` if stopped meanwhile.
    func attach(_ outbound: WebSocketOutboundWriter) -> Bool {
        self.outbound = outbound
        return !self.stopped
    }

    /// The hello for this connection, resuming the last.
    func hello() -> [UInt8] {
        self.helloMessage.encoded()
    }

    /// The `hello` of the next connection: with the identity key and its signed sealing key, if any.
    var helloMessage: ClientMessage {
        guard case .hello(var hello) = self.state.hello(key: self.identityKeyText) else { return self.state.hello() }
        hello.box = self.encryption.sealing?.box.text
        return .hello(hello)
    }

    /// Writes queued frames and the transfers' frames at the pace the server's limits allow.
    func writeLoop(_ outbound: WebSocketOutboundWriter) async throws {
        while !Task.isCancelled {
            switch self.nextOutgoing(now: .now) {
            case .message(let message):
                if let delay = self.pacing?.wait(now: .now) { try await Task.sleep(for: delay) }
                try await outbound.write(.text(String(decoding: message.encoded(), as: UTF8.self)))
            case .transfer(let frame):
                try await outbound.write(.text(String(decoding: frame.encoded(), as: UTF8.self)))
            case .wait(let due):
                await self.pause(until: due, orUntil: self.sendable)
            case .nothing:
                await self.sendable.wait()
            }
        }
    }

    /// The next frame, sealed with the room's current key if it is said in an encrypted room.
    func nextToSend() -> ClientMessage? {
        while let message = self.state.dequeue() {
            do {
                return self.signed(try self.encryption.keyring.seal(message, sender: self.configuration.identity?.publicKey))
            } catch {
                // Never sent in the clear: refused as the server would refuse it.
                let refusal = ErrorMessage(code: .invalidText, message: "not sent: \(error)", id: message.id)
                for event in self.state.receive(.error(refusal)) { (self.fileRefusal(event) ?? [event]).forEach(self.emit) }
            }
        }
        return nil
    }

    /// What the connection does after a frame.
    enum Reaction {
        case goOn
        /// Write this frame at once (a `prove`, which comes before anything queued).
        case answer([UInt8])
        case end
    }

    /// Applies a frame; says whether the connection goes on, answers, or must end.
    func receive(_ text: String) async -> Reaction {
        let message: ServerMessage
        do {
            message = try ServerMessage(decoding: text.utf8)
        } catch {
            if self.configuration.reportsFrames { self.emit(.frame(text)) }
            guard self.welcomedThisConnection else {
                self.fatal = ChatClientError(
                    .notChatServer,
                    "\(self.configuration.url) is not a Private Chat server speaking privchat.v1 (it said: \(text.prefix(80)))"
                )
                return .end
            }
            return .goOn
        }
        if case .challenge(let challenge) = message {
            guard let proof = self.proof(for: challenge) else {
                self.fatal = ChatClientError(.closed, "the server asked for an identity proof this client cannot give")
                return .end
            }
            return .answer(proof.encoded())
        }
        if case .error(let error) = message, error.id == nil, !self.welcomedThisConnection {
            switch error.code {
            case .nameTaken, .nameBound:
                self.fatal = ChatClientError(.nameTaken, error.message, suggestion: error.suggestion)
                return .end
            case .invalidName:
                self.fatal = ChatClientError(.invalidName, error.message)
                return .end
            case .badProof:
                self.fatal = ChatClientError(.closed, "the server did not accept this client's identity proof: \(error.message)")
                return .end
            case .unavailable, .busy:
                // The hello could not be passed on: try again on a new connection, after the backoff.
                return .end
            default: break
            }
        }
        await self.deriveKeys(for: message)
        var openings = FrameOpenings()
        let events = self.apply(message, openings: &openings)
        // A body's pieces go to its file, not to the frames reported (megabytes of base64 in a script's output).
        if self.configuration.reportsFrames, !message.isFileData {
            self.emit(.frame(self.encryption.keyring.frame(for: message, openings: openings) ?? text))
        }
        events.forEach(self.emit)
        self.saveKeyringIfChanged()
        if self.isIdle { self.idle.fire() }
        return .goOn
    }
}

extension TokenBucket {
    /// The client's own rate limit: it sends no faster than the server accepts.
    ///
    /// It keeps a margin under the server's limits (80% of the rate, half the burst), because the server
    /// counts frames as they arrive and the network may bunch them up.
    static func pacing(_ limits: Welcome.Limits) -> TokenBucket {
        TokenBucket(rate: max(limits.rate * 0.8, 0.1), burst: max(Double(limits.burst) / 2, 1), now: .now)
    }
}

extension ServerMessage {
    /// Whether the frame is a piece of a downloaded body.
    var isFileData: Bool {
        if case .fileData = self { true } else { false }
    }
}
