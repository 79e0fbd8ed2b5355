import CZeroMQ

/// Waits until any of a fixed set of sockets has a message to read (`zmq_poll`).
public struct ZMQPoller {
    /// A socket's place in the poller, from ``add(_:)``: what a loop keeps next to the socket instead of an index.
    public struct Item: Hashable, Sendable {
        fileprivate let index: Int
    }

    private var items: [zmq_pollitem_t]

    /// Polls `sockets` for input. The sockets must outlive the poller.
    public init(_ sockets: [ZMQSocket] = []) {
        self.items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    }

    /// Polls `socket` for input too. The socket must outlive the poller.
    public mutating func add(_ socket: ZMQSocket) -> Item {
        self.items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        return Item(index: self.items.count - 1)
    }

    /// Blocks until a socket is readable or `timeout` passes (`nil`: wait indefinitely).
    ///
    /// - Returns: `true` if at least one socket is readable; check which with ``isReadable(_:)``.
    public mutating func poll(timeout: Duration?) throws(ZMQError) -> Bool {
        let milliseconds = timeout.map { max(0, $0.milliseconds) } ?? -1
        while true {
            let ready = self.items.withUnsafeMutableBufferPointer {
                zmq_poll($0.baseAddress, Int32($0.count), Int(milliseconds))
            }
            if ready >= 0 { return ready > 0 }
            let error = ZMQError.last()
            if error.isInterrupted { continue }
            throw error
        }
    }

    /// Whether the socket at `index` (in the order given to `init`) had input at the last poll.
    public func isReadable(_ index: Int) -> Bool {
        self.items[index].revents & Int16(ZMQ_POLLIN) != 0
    }

    /// Whether the socket `item` stands for had input at the last poll.
    public func isReadable(_ item: Item) -> Bool {
        self.isReadable(item.index)
    }
}
