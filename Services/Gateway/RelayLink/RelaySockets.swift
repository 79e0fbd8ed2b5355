import RelayProtocol
import ZeroMQ

/// One relay's sockets on the link's thread, with their poll items: the subscriber (SUB, the relay's
/// stream) and the control DEALER (hello, heartbeats, replay requests and their answers).
///
/// Every relay of a pair has its own, connected from the start, so that moving to the other relay
/// waits for no connection. Only the current relay's are read; what the other one sends (a restarted
/// relay's first heartbeats, a replay under way when the link moved) is stale and dropped.
struct RelaySockets {
    let endpoints: RelayEndpoints
    let subscriber: ZMQSocket
    let control: ZMQSocket
    let subscriberItem: ZMQPoller.Item
    let controlItem: ZMQPoller.Item

    /// Connects to `relay` and adds both sockets to `poller`.
    init(_ relay: LinkedRelay, receiveHighWaterMark: Int, poller: inout ZMQPoller) throws(ZMQError) {
        let subscriber = try ZMQSocket(relay.context, .subscriber)
        try subscriber.setReceiveHighWaterMark(receiveHighWaterMark)
        try subscriber.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
        try subscriber.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try subscriber.subscribe()
        try relay.prepare(subscriber, as: nil)
        try subscriber.connect(relay.endpoints.publisher)
        let control = try ZMQSocket(relay.context, .dealer)
        try control.setImmediate(true)
        try control.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
        try control.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try relay.prepare(control, as: .control)
        try control.connect(relay.endpoints.collector)
        self.endpoints = relay.endpoints
        self.subscriber = subscriber
        self.control = control
        self.subscriberItem = poller.add(subscriber)
        self.controlItem = poller.add(control)
    }

    /// Sends `envelope` on the control socket, from `gateway` itself (connection 0).
    ///
    /// Dropped when the relay is unreachable or busy; every control message is repeated or timed out.
    func sendControl(_ envelope: Envelope, from gateway: UInt64) {
        var envelope = envelope
        envelope.origin = Origin(gateway: gateway, connection: 0)
        _ = try? self.control.send(envelope.encoded(), dontWait: true)
    }

    /// Drops whatever either socket has waiting, if it polled readable: this relay is not the current one.
    func discardStaleTraffic(polled poller: ZMQPoller, using message: ZMQMessage) throws(ZMQError) {
        for (socket, item) in [(self.subscriber, self.subscriberItem), (self.control, self.controlItem)] where poller.isReadable(item) {
            while try socket.receive(into: message, dontWait: true) { try socket.discardRemainingFrames(of: message) }
        }
    }
}
