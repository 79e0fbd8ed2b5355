import CZeroMQ

extension ZMQSocket {
    /// Most messages queued per peer before sends block or drop (the pattern decides which).
    public func setSendHighWaterMark(_ messages: Int) throws(ZMQError) {
        try self.setOption(ZMQ_SNDHWM, Int32(clamping: messages))
    }

    /// Most messages queued per peer on the receiving side.
    public func setReceiveHighWaterMark(_ messages: Int) throws(ZMQError) {
        try self.setOption(ZMQ_RCVHWM, Int32(clamping: messages))
    }

    /// Subscribes a SUB socket to every message whose first bytes equal `prefix` (empty: all).
    public func subscribe(_ prefix: [UInt8] = []) throws(ZMQError) {
        try self.setOption(ZMQ_SUBSCRIBE, bytes: prefix)
    }

    /// The identity a ROUTER peer sees for this socket.
    public func setRoutingID(_ id: [UInt8]) throws(ZMQError) {
        try self.setOption(ZMQ_ROUTING_ID, bytes: id)
    }

    /// A ROUTER reports unroutable or full peers as errors instead of dropping silently.
    public func setRouterMandatory(_ on: Bool) throws(ZMQError) {
        try self.setOption(ZMQ_ROUTER_MANDATORY, Int32(on ? 1 : 0))
    }

    /// Queue messages only to completed connections, so a send to an absent peer blocks instead.
    public func setImmediate(_ on: Bool) throws(ZMQError) {
        try self.setOption(ZMQ_IMMEDIATE, Int32(on ? 1 : 0))
    }

    /// How soon and how often, at most, a connecting socket retries a lost connection.
    public func setReconnectInterval(_ interval: Duration, maximum: Duration) throws(ZMQError) {
        try self.setOption(ZMQ_RECONNECT_IVL, Int32(clamping: interval.milliseconds))
        try self.setOption(ZMQ_RECONNECT_IVL_MAX, Int32(clamping: maximum.milliseconds))
    }

    /// Turns on ZMTP heartbeats, so a dead TCP peer is noticed and the connection is dropped and retried.
    public func setConnectionHeartbeat(interval: Duration, timeout: Duration) throws(ZMQError) {
        try self.setOption(ZMQ_HEARTBEAT_IVL, Int32(clamping: interval.milliseconds))
        try self.setOption(ZMQ_HEARTBEAT_TIMEOUT, Int32(clamping: timeout.milliseconds))
        try self.setOption(ZMQ_HEARTBEAT_TTL, Int32(clamping: timeout.milliseconds))
    }

    /// How long closing the socket may wait to send what is still queued (0, the default here: not at all).
    public func setLinger(_ linger: Duration) throws(ZMQError) {
        try self.setOption(ZMQ_LINGER, Int32(clamping: linger.milliseconds))
    }

    /// Refuses inbound messages larger than `bytes` by dropping the connection that sent them.
    public func setMaximumMessageSize(_ bytes: Int) throws(ZMQError) {
        try self.setOption(ZMQ_MAXMSGSIZE, Int64(bytes))
    }

    /// Whether the last frame received has more frames after it.
    public var hasMoreFrames: Bool {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        zmq_getsockopt(self.handle, ZMQ_RCVMORE, &value, &size)
        return value != 0
    }

    func setOption<Value: FixedWidthInteger>(_ option: Int32, _ value: Value) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(self.handle, option, &value, MemoryLayout<Value>.size) == 0 else { throw .last() }
    }

    func setOption(_ option: Int32, bytes: [UInt8]) throws(ZMQError) {
        let result = bytes.withUnsafeBytes { zmq_setsockopt(self.handle, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw .last() }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
