/// Who does what in a fan-out run: derived from the options, the same for every event loop.
///
/// Clients `0..<senders` send; every client receives. Each message should reach every client but its
/// sender. The *observer* of a sender is the client whose receipts pace that sender in closed-loop mode:
/// the last client, or client 0 for the last client's own messages.
struct FanoutPlan: Sendable {
    var clients: Int
    var senders: Int
    var messages: Int
    var payload: Int
    var window: Int
    /// Total messages per second across all senders (open loop), or `nil` for closed loop.
    var rate: Double?
    var loops: Int
    var namePrefix: String

    func name(of client: Int) -> String { "\(self.namePrefix)\(client)" }

    func observer(of sender: Int) -> Int { sender == self.clients - 1 ? 0 : self.clients - 1 }

    /// Senders and the observers live on the first event loop, so pacing never crosses threads;
    /// the other receivers are spread over all loops.
    func loop(of client: Int) -> Int {
        client < self.senders || client == 0 || client == self.clients - 1 ? 0 : client % self.loops
    }

    /// Measured deliveries client `client` should get.
    func expectedDeliveries(to client: Int) -> Int { (client < self.senders ? self.senders - 1 : self.senders) * self.messages }

    /// Warm-up senders client `client` should hear from.
    func expectedWarmups(to client: Int) -> Int { client < self.senders ? self.senders - 1 : self.senders }

    var expectedDeliveries: Int { self.senders * self.messages * (self.clients - 1) }

    var totalMessages: Int { self.senders * self.messages }

    /// The clients on loop `loop`, in order.
    func clients(onLoop loop: Int) -> [Int] { (0..<self.clients).filter { self.loop(of: $0) == loop } }
}
