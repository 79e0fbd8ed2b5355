import ChatProtocol
import HummingbirdWebSocket
import Logging
import NIOCore
import RelayProtocol

/// What every session needs: its connection id, the gateway's parts, and its channel.
struct SessionContext {
    let connectionID: UInt64
    let configuration: GatewayConfiguration
    let link: RelayLink
    let hub: RoomHub
    let closeHandshakes: CloseHandshakes
    let metrics: SessionMetrics
    let channel: any Channel
    var logger: Logger

    /// The connection's origin at the relay (the link fills in the gateway).
    var origin: Origin { Origin(gateway: 0, connection: self.connectionID) }

    /// Runs `body` with the connection registered at the hub and its outbox writing to it; afterwards tells
    /// the relay the connection is gone.
    ///
    /// When the outbox closes (the client is too slow, its session moved, the gateway shuts down), the
    /// gateway's ``CloseHandshakes`` starts the close handshake.
    func withRegisteredConnection(
        mode: ClientMode,
        outbound: WebSocketOutboundWriter,
        _ body: (Outbox) async throws -> Void
    ) async throws {
        let outbox = Outbox(channel: self.channel, byteLimit: self.configuration.clientQueueBytes) {
            [channel, configuration, closeHandshakes] closing in
            guard closing != .normal else { return }
            // The frames queued before the close were written already.
            closeHandshakes.start(closing, on: outbound)
            ConnectionCloser.dropLater(channel, after: configuration.closeTimeout)
        }
        guard self.hub.register(self.connectionID, outbox: outbox, mode: mode) else {
            try await outbound.close(.goingAway, reason: Outbox.Closing.goingAway.reason)
            return
        }
        defer {
            outbox.close(.normal)
            if self.hub.unregister(self.connectionID) {
                _ = self.link.sendAnyway(Envelope(kind: .release, origin: self.origin))
            }
        }
        try await body(outbox)
    }

    /// Flood control for one connection, at the configured rate and burst.
    func makeTokenBucket(now: ContinuousClock.Instant) -> TokenBucket {
        TokenBucket(rate: self.configuration.messagesPerSecond, burst: Double(self.configuration.burst), now: now)
    }

    /// The pace of one connection's hellos: each one that reaches the relay is a claim it must answer, and a
    /// client refused a name could otherwise ask again without end.
    func makeHelloBucket(now: ContinuousClock.Instant) -> TokenBucket {
        TokenBucket(rate: self.configuration.helloRate, burst: Double(GatewayConfiguration.Defaults.helloBurst), now: now)
    }

    /// Closes the connection if it has no name (granted by the relay) within the configured time.
    func startNameTimer() -> Scheduled<Void> {
        let (channel, hub, connection) = (self.channel, self.hub, self.connectionID)
        let limit = self.configuration.usernameTimeout
        return channel.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            guard hub.name(of: connection) == nil else { return }
            ConnectionCloser.closeAbruptly(channel, code: .policyViolation, reason: "no username within \(limit)")
        }
    }

    /// Sends to the relay; returns why it failed, if it did.
    func send(_ envelope: Envelope) -> RelayLink.SendResult {
        let result = self.link.send(envelope)
        switch result {
        case .sent: break
        case .unavailable: self.metrics.refusedRelayUnavailable.increment()
        case .busy: self.metrics.refusedRelayBusy.increment()
        }
        return result
    }

    /// Plain-language reasons for a failed send.
    static let unavailableText = "chat relay unavailable: message not sent, try again in a moment"
    static let busyText = "chat relay busy: message not sent, try again in a moment"
}
