import ChatProtocol
import HummingbirdWebSocket
import Logging
import NIOCore
import RelayProtocol

/// A client that negotiated no subprotocol, speaking the seed's protocol.
///
/// Its first text frame is its username, claimed at the relay like any other name; every later text
/// frame is a message for `lobby`, which everyone else there receives as `name: text`. Problems are
/// reported to this client alone as `error: …` text frames; a taken name also closes the connection.
struct PlainSession {
    let context: SessionContext

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: self.context.configuration.maxFrameBytes).makeAsyncIterator()
        guard let name = try await self.readUsername(from: &messages, outbound: outbound) else { return }
        try await self.context.withRegisteredConnection(mode: .plain, outbound: outbound) { outbox in
            let lobby = RoomName.lobby.value
            let session = SessionToken.random().value
            guard self.context.hub.beginClaim(self.context.connectionID, name: name.value, session: session, rooms: [lobby]) == .go else { return }
            let claim = Envelope.claim(
                origin: self.context.origin,
                name: name.value,
                session: session,
                request: ClaimRequest(rooms: [.init(name: lobby)]),
                flags: .plain
            )
            switch self.context.send(claim) {
            case .sent: break
            case .unavailable: return outbox.close(.init(code: .unknown(1013), reason: SessionContext.unavailableText))
            case .busy: return outbox.close(.init(code: .unknown(1013), reason: SessionContext.busyText))
            }
            var logger = self.context.logger
            logger[metadataKey: "name"] = "\(name)"
            logger.info("client joined", metadata: ["mode": "plain"])
            defer { logger.info("client left") }
            try await self.relayMessages(from: &messages, sender: name, outbox: outbox)
        }
    }

    /// Reads the first frame as the username, within the configured time. `nil`: refused, connection closing.
    private func readUsername(
        from messages: inout WebSocketInboundMessageStream.AsyncIterator,
        outbound: WebSocketOutboundWriter
    ) async throws -> UserName? {
        let timer = self.context.startNameTimer()
        defer { timer.cancel() }
        guard let first = try await messages.next() else { return nil }
        self.context.metrics.framesIn.increment()
        let problem: String
        switch first {
        case .binary:
            problem = "send your username as a text frame"
        case .text(let raw):
            do {
                return try UserName(validating: raw)
            } catch {
                problem = error.description
            }
        }
        self.context.metrics.refusedUsername.increment()
        self.context.logger.debug("username refused", metadata: ["reason": "\(problem)"])
        try await outbound.write(.custom(.text(Frames.plainError(problem))))
        try await outbound.close(.policyViolation, reason: problem)
        return nil
    }

    /// Relays every later text frame to `lobby`, refusing (with an error frame) what must not be relayed.
    private func relayMessages(
        from messages: inout WebSocketInboundMessageStream.AsyncIterator,
        sender: UserName,
        outbox: Outbox
    ) async throws {
        let clock = ContinuousClock()
        var bucket = self.context.makeTokenBucket(now: clock.now)
        var warnedAboutRate = false
        // Plain clients send no ids; the gateway numbers their messages so that one sent again after a
        // relay failover is recognised by the relay (ids are per session, and the session is fresh).
        var sent = 0
        let metrics = self.context.metrics
        while let message = try await messages.next() {
            metrics.framesIn.increment()
            guard !outbox.isClosed else { continue }
            guard case .text(let text) = message else {
                metrics.refusedBinary.increment()
                outbox.push(Frames.plainError("binary frames are not supported: send text"))
                continue
            }
            let bytes = Array(text.utf8)
            self.context.logger.trace("frame received", metadata: ["bytes": "\(bytes.count)"])  // its size, never its text
            switch MessageText.verdict(on: bytes, limit: self.context.configuration.maxMessageBytes) {
            case .relay: break
            case .blank: continue
            case .refused(let problem):
                metrics.count(problem)
                outbox.push(Frames.plainError("\(problem): not sent"))
                continue
            }
            guard bucket.take(now: clock.now) else {
                metrics.refusedRateLimited.increment()
                if !warnedAboutRate {
                    warnedAboutRate = true
                    outbox.push(
                        Frames.plainError("slow down: at most \(self.context.configuration.rateDescription) messages per second; messages dropped")
                    )
                }
                continue
            }
            warnedAboutRate = false
            sent += 1
            let say = Envelope(
                kind: .say,
                flags: .plain,
                origin: self.context.origin,
                room: RoomName.lobby.value,
                sender: sender.value,
                clientMessageID: "plain-\(sent)",
                payload: bytes
            )
            switch self.context.send(say) {
            case .sent: break
            case .unavailable: outbox.push(Frames.plainError(SessionContext.unavailableText))
            case .busy: outbox.push(Frames.plainError(SessionContext.busyText))
            }
        }
    }
}
