import ChatProtocol
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import RelayProtocol

/// A client that negotiated no subprotocol, speaking the seed's protocol.
///
/// Its first text frame is its username; every later text frame is a message for the room `lobby`,
/// which everyone else there receives as `name: text`. Problems are reported to this client alone as
/// `error: …` text frames.
struct PlainSession {
    static let room = "lobby"

    let connectionID: UInt64
    let configuration: GatewayConfiguration
    let link: RelayLink
    let hub: RoomHub
    let metrics: SessionMetrics
    let channel: any Channel
    let logger: Logger

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: self.configuration.maxFrameBytes).makeAsyncIterator()
        guard let name = try await self.readUsername(from: &messages, outbound: outbound) else { return }
        let outbox = Outbox(byteLimit: self.configuration.clientQueueBytes) { [channel, configuration] closing in
            if closing != .normal { ClientWriter.dropLater(channel, after: configuration.closeTimeout) }
        }
        guard self.hub.join(room: Self.room, connection: self.connectionID, outbox: outbox) else {
            try await outbound.close(.goingAway, reason: Outbox.Closing.goingAway.reason)
            return
        }
        defer { self.hub.leave(room: Self.room, connection: self.connectionID) }
        var logger = self.logger
        logger[metadataKey: "name"] = "\(name)"
        logger.info("client joined", metadata: ["room": "\(Self.room)"])
        defer { logger.info("client left") }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await ClientWriter(outbox: outbox, outbound: outbound).run()
            }
            defer {
                outbox.close(.normal)
                group.cancelAll()
            }
            try await self.relayMessages(from: &messages, sender: name, outbox: outbox)
        }
    }

    /// Reads the first frame as the username, within the configured time. `nil`: refused, connection closing.
    private func readUsername(
        from messages: inout WebSocketInboundMessageStream.AsyncIterator,
        outbound: WebSocketOutboundWriter
    ) async throws -> UserName? {
        let channel = self.channel
        let limit = self.configuration.usernameTimeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            ClientWriter.closeAbruptly(channel, code: .policyViolation, reason: "no username within \(limit)")
        }
        defer { timer.cancel() }
        guard let first = try await messages.next() else { return nil }
        self.metrics.framesIn.increment()
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
        self.metrics.refusedUsername.increment()
        self.logger.debug("username refused", metadata: ["reason": "\(problem)"])
        try await outbound.write(.custom(.text(PlainFrame.error(problem))))
        try await outbound.close(.policyViolation, reason: problem)
        return nil
    }

    /// Relays every later text frame, refusing (with an error frame) what must not be relayed.
    private func relayMessages(
        from messages: inout WebSocketInboundMessageStream.AsyncIterator,
        sender: UserName,
        outbox: Outbox
    ) async throws {
        let clock = ContinuousClock()
        var bucket = TokenBucket(rate: self.configuration.messagesPerSecond, burst: self.configuration.burst, now: clock.now)
        var warnedAboutRate = false
        while let message = try await messages.next() {
            self.metrics.framesIn.increment()
            guard !outbox.isClosed else { continue }
            guard case .text(let text) = message else {
                self.metrics.refusedBinary.increment()
                outbox.push(PlainFrame.error("binary frames are not supported: send text"))
                continue
            }
            let bytes = Array(text.utf8)
            guard !MessageText.isBlank(bytes) else { continue }
            do {
                try MessageText.check(bytes, limit: self.configuration.maxMessageBytes)
            } catch {
                if case .tooLarge = error { self.metrics.refusedTooLarge.increment() } else { self.metrics.refusedInvalidText.increment() }
                outbox.push(PlainFrame.error("\(error): not sent"))
                continue
            }
            guard bucket.take(now: clock.now) else {
                self.metrics.refusedRateLimited.increment()
                if !warnedAboutRate {
                    warnedAboutRate = true
                    outbox.push(PlainFrame.error("slow down: at most \(self.rateDescription) messages per second; messages dropped"))
                }
                continue
            }
            warnedAboutRate = false
            let envelope = Envelope(
                kind: .say,
                origin: Origin(gateway: 0, connection: self.connectionID),
                room: Self.room,
                sender: sender.value,
                payload: bytes
            )
            switch self.link.send(envelope) {
            case .sent:
                break
            case .unavailable:
                self.metrics.refusedRelayUnavailable.increment()
                outbox.push(PlainFrame.error("chat relay unavailable: message not sent, try again in a moment"))
            case .busy:
                self.metrics.refusedRelayBusy.increment()
                outbox.push(PlainFrame.error("chat relay busy: message not sent, try again in a moment"))
            }
        }
    }

    private var rateDescription: String {
        let rate = self.configuration.messagesPerSecond
        return rate == rate.rounded() ? "\(Int(rate))" : "\(rate)"
    }
}
