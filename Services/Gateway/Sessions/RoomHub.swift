import Logging
import Metrics
import NIOCore
import RelayProtocol
public import ServiceLifecycle
import Synchronization

/// Who is connected to this gateway, by room, and the fan-out of the relay's stream to them.
///
/// The relay link's thread calls ``deliver(_:)``; each message is encoded once per gateway and the
/// same bytes are queued to every recipient's ``Outbox`` (never the sender). As a `Service`, it closes
/// every connection with 1001 "going away" when the gateway shuts down, before the HTTP server stops.
public final class RoomHub: RelayDeliverySink, Service {
    private struct State {
        var rooms: [String: [UInt64: Outbox]] = [:]
        var connections = 0
        var shuttingDown = false
        var drained: CheckedContinuation<Void, Never>?
    }

    let gatewayID: UInt64
    private let state = Mutex(State())
    private let logger: Logger
    private let connectionsGauge = Gauge(label: "gateway_connections")
    private let framesOut = Counter(label: "gateway_frames_out_total")
    private let droppedSlow = Counter(label: "gateway_clients_dropped_total", dimensions: [("reason", "slow")])
    /// How long shutdown waits for clients to finish the close handshake.
    private let drainTimeout: Duration

    init(gatewayID: UInt64, logger: Logger, drainTimeout: Duration = .seconds(1)) {
        self.gatewayID = gatewayID
        self.logger = logger
        self.drainTimeout = drainTimeout
    }

    /// Connections currently in a room.
    public var connectionCount: Int { self.state.withLock { $0.connections } }

    /// Adds a connection to `room`. Returns `false` when the gateway is shutting down.
    func join(room: String, connection: UInt64, outbox: Outbox) -> Bool {
        let joined = self.state.withLock { state -> Bool in
            guard !state.shuttingDown else { return false }
            if state.rooms[room, default: [:]].updateValue(outbox, forKey: connection) == nil { state.connections += 1 }
            return true
        }
        if joined { self.connectionsGauge.record(self.connectionCount) }
        return joined
    }

    /// Removes a connection from `room`.
    func leave(room: String, connection: UInt64) {
        let drained = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.rooms[room]?.removeValue(forKey: connection) != nil else { return nil }
            if state.rooms[room]?.isEmpty == true { state.rooms[room] = nil }
            state.connections -= 1
            return state.connections == 0 ? state.drained.take() : nil
        }
        self.connectionsGauge.record(self.connectionCount)
        drained?.resume()
    }

    func deliver(_ envelopes: [Envelope]) {
        for envelope in envelopes where envelope.kind == .message {
            guard let members = self.state.withLock({ $0.rooms[envelope.room] }) else { continue }
            let frame = PlainFrame.message(sender: envelope.sender, text: envelope.payload)
            var delivered = 0
            for (connection, outbox) in members where !(envelope.origin.gateway == self.gatewayID && envelope.origin.connection == connection) {
                if outbox.push(frame) {
                    delivered += 1
                } else if outbox.isClosed {
                    self.droppedSlow.increment()
                }
            }
            self.framesOut.increment(by: delivered)
        }
    }

    public func run() async throws {
        try? await gracefulShutdown()
        let outboxes = self.state.withLock { state -> [Outbox] in
            state.shuttingDown = true
            return state.rooms.values.flatMap(\.values)
        }
        guard !outboxes.isEmpty else { return }
        self.logger.info("closing client connections", metadata: ["count": "\(outboxes.count)"])
        for outbox in outboxes { outbox.close(.goingAway) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilDrained() }
            group.addTask { try? await Task.sleep(for: self.drainTimeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitUntilDrained() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = self.state.withLock { state -> Bool in
                    if state.connections == 0 || Task.isCancelled { return true }
                    state.drained = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { $0.drained.take() }?.resume()
        }
    }
}
