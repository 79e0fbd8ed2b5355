import ChatProtocol
import Logging
import RelayProtocol

/// What every session on a gateway shares, made once: one reference per connection, not a copy of each part.
final class SessionServices: Sendable {
    let configuration: GatewayConfiguration
    let link: RelayLink
    let hub: RoomHub
    let metrics = SessionMetrics()
    let sweepers: ConnectionSweepers
    let connectionIDs = ConnectionIDs()
    let logger: Logger

    init(configuration: GatewayConfiguration, link: RelayLink, hub: RoomHub, logger: Logger) {
        self.configuration = configuration
        self.link = link
        self.hub = hub
        self.sweepers = ConnectionSweepers(interval: configuration.pingInterval, helloTimeout: configuration.usernameTimeout)
        self.logger = logger
    }
}

/// What a session needs: its connection id and the gateway's shared parts.
struct SessionContext {
    let connectionID: UInt64
    let services: SessionServices

    var configuration: GatewayConfiguration { self.services.configuration }
    var link: RelayLink { self.services.link }
    var hub: RoomHub { self.services.hub }
    var metrics: SessionMetrics { self.services.metrics }

    /// Logs with this connection's id. Nothing is built, not even the id's text, unless the level is
    /// logged: a frame's trace line must cost nothing at the default level.
    func log(_ level: Logger.Level, _ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        self.services.logger.log(level: level, message(), metadata: metadata().merging(["connection": "\(self.connectionID)"]) { own, _ in own })
    }

    /// The connection's origin at the relay (the link fills in the gateway).
    var origin: Origin { Origin(gateway: 0, connection: self.connectionID) }

    /// Adds the connection to the hub with `outbox` (a plain one with the `Host` its file links may name, an
    /// IRC one with its state); when the gateway is shutting down, closes it with 1001.
    func register(mode: ClientMode, outbox: Outbox, linkHost: String = "", irc: IRCMemberState? = nil) -> Bool {
        guard self.hub.register(self.connectionID, outbox: outbox, mode: mode, linkHost: linkHost, irc: irc) else {
            outbox.close(.goingAway)
            return false
        }
        return true
    }

    /// Takes the connection out of the hub and tells the relay it is gone, if the relay knew it.
    func unregister() {
        if self.hub.unregister(self.connectionID) {
            _ = self.link.sendAnyway(Envelope(kind: .release, origin: self.origin))
        }
    }

    /// Flood control for one connection: messages at the configured rate and burst, file bytes (chunks and
    /// downloads) at the file rate and burst, and paced for at most `--pace-timeout` without a break.
    func makePacer<Input>(now: ContinuousClock.Instant = .now) -> MessagePacer<Input> {
        let configuration = self.configuration
        return MessagePacer(
            messages: TokenBucket(rate: configuration.messagesPerSecond, burst: Double(configuration.burst), now: now),
            bytes: TokenBucket(rate: configuration.fileBytesPerSecond, burst: Double(configuration.fileBurst), now: now),
            limit: configuration.paceTimeout
        )
    }

    /// The pace of one connection's hellos: each one that reaches the relay is a claim it must answer, and a
    /// client refused a name could otherwise ask again without end.
    func makeHelloBucket(now: ContinuousClock.Instant) -> TokenBucket {
        TokenBucket(rate: self.configuration.helloRate, burst: Double(GatewayConfiguration.Defaults.helloBurst), now: now)
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
