import NIOCore
import Synchronization

/// What the sweeper asks of a connection once per interval.
protocol PingSweepable: AnyObject {
    /// Closes the connection if it stayed silent since the last sweep; otherwise pings it.
    func sweep()
}

/// Pings every WebSocket connection on one event loop and closes the ones that stayed silent since the
/// previous ping: one timer per loop, not one per connection. It runs only while the loop has connections.
///
/// Confined to its event loop: every method asserts it, which is why it can be `@unchecked Sendable`.
final class PingSweeper: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let interval: TimeAmount
    private var connections: [ObjectIdentifier: any PingSweepable] = [:]
    private var timer: RepeatedTask?

    init(eventLoop: any EventLoop, interval: Duration) {
        self.eventLoop = eventLoop
        self.interval = TimeAmount(interval)
    }

    func add(_ connection: any PingSweepable) {
        self.eventLoop.assertInEventLoop()
        self.connections[ObjectIdentifier(connection)] = connection
        guard self.timer == nil else { return }
        self.timer = self.eventLoop.scheduleRepeatedTask(initialDelay: self.interval, delay: self.interval) { _ in
            self.sweep()
        }
    }

    func remove(_ connection: any PingSweepable) {
        self.eventLoop.assertInEventLoop()
        self.connections[ObjectIdentifier(connection)] = nil
        if self.connections.isEmpty {
            self.timer?.cancel()
            self.timer = nil
        }
    }

    private func sweep() {
        // A copy: a connection closed by its sweep leaves the table later, from its channel's inactivity.
        for connection in self.connections.values { connection.sweep() }
    }
}

/// The gateway's sweepers, one per event loop, made on the loop's first connection.
final class PingSweepers: Sendable {
    private let interval: Duration
    private let byLoop = Mutex<[ObjectIdentifier: PingSweeper]>([:])

    init(interval: Duration) {
        self.interval = interval
    }

    func sweeper(for eventLoop: any EventLoop) -> PingSweeper {
        self.byLoop.withLock { byLoop in
            if let sweeper = byLoop[ObjectIdentifier(eventLoop)] { return sweeper }
            let sweeper = PingSweeper(eventLoop: eventLoop, interval: self.interval)
            byLoop[ObjectIdentifier(eventLoop)] = sweeper
            return sweeper
        }
    }
}
