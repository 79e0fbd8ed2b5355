import NIOCore
import Synchronization

/// What a sweeper asks of a connection.
protocol SweptConnection: AnyObject {
    /// Closes the connection if it stayed silent since the last sweep; otherwise pings it.
    func sweep()
    /// The hello timeout passed: closes the connection unless it has a name.
    func helloDeadlinePassed()
}

/// The timers of every WebSocket connection on one event loop, instead of timers per connection: a
/// sweep every ping interval pings each connection and closes those silent since the previous sweep, and
/// the hello deadlines, which come in the order connections opened, are kept in a queue with one timer
/// for its head. Both run only while the loop has connections.
///
/// Confined to its event loop: every method asserts it, which is why it can be `@unchecked Sendable`.
final class ConnectionSweeper: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let interval: TimeAmount
    private let helloTimeout: TimeAmount
    private var connections: [UInt64: any SweptConnection] = [:]
    private var sweepTimer: RepeatedTask?
    private var helloDeadlines = CircularBuffer<(deadline: NIODeadline, connection: UInt64)>(initialCapacity: 64)
    private var helloTimer: Scheduled<Void>?

    init(eventLoop: any EventLoop, interval: Duration, helloTimeout: Duration) {
        self.eventLoop = eventLoop
        self.interval = TimeAmount(interval)
        self.helloTimeout = TimeAmount(helloTimeout)
    }

    func add(_ connection: any SweptConnection, id: UInt64) {
        self.eventLoop.assertInEventLoop()
        self.connections[id] = connection
        self.helloDeadlines.append((.now() + self.helloTimeout, id))
        if self.helloTimer == nil { self.scheduleHelloTimer() }
        guard self.sweepTimer == nil else { return }
        self.sweepTimer = self.eventLoop.scheduleRepeatedTask(initialDelay: self.interval, delay: self.interval) { _ in
            self.sweep()
        }
    }

    func remove(id: UInt64) {
        self.eventLoop.assertInEventLoop()
        self.connections[id] = nil
        if self.connections.isEmpty {
            self.sweepTimer?.cancel()
            self.sweepTimer = nil
        }
    }

    private func sweep() {
        // A copy: a connection closed by its sweep leaves the table later, from its channel's inactivity.
        for connection in self.connections.values { connection.sweep() }
    }

    private func scheduleHelloTimer() {
        guard let first = self.helloDeadlines.first else { return }
        self.helloTimer = self.eventLoop.scheduleTask(deadline: first.deadline) {
            self.helloTimer = nil
            self.helloDeadlinesPassed()
        }
    }

    private func helloDeadlinesPassed() {
        let now = NIODeadline.now()
        while let first = self.helloDeadlines.first, first.deadline <= now {
            self.helloDeadlines.removeFirst()
            self.connections[first.connection]?.helloDeadlinePassed()  // gone already: nothing to do
        }
        self.scheduleHelloTimer()
    }
}

/// The gateway's sweepers, one per event loop, made on the loop's first connection.
final class ConnectionSweepers: Sendable {
    private let interval: Duration
    private let helloTimeout: Duration
    private let byLoop = Mutex<[ObjectIdentifier: ConnectionSweeper]>([:])

    init(interval: Duration, helloTimeout: Duration) {
        self.interval = interval
        self.helloTimeout = helloTimeout
    }

    func sweeper(for eventLoop: any EventLoop) -> ConnectionSweeper {
        self.byLoop.withLock { byLoop in
            if let sweeper = byLoop[ObjectIdentifier(eventLoop)] { return sweeper }
            let sweeper = ConnectionSweeper(eventLoop: eventLoop, interval: self.interval, helloTimeout: self.helloTimeout)
            byLoop[ObjectIdentifier(eventLoop)] = sweeper
            return sweeper
        }
    }
}
