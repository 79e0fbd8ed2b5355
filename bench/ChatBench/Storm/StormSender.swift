import ChatClient
import ChatProtocol
import NIOCore

/// The storm's one sender: a v1 client of its own (on the other gateway) in every room, saying
/// numbered messages at a steady rate; ``ClientState`` tracks its acks and resends what is refused.
///
/// Confined to `eventLoop`. What the relay acknowledged, per room, is what every member must receive.
final class StormSender: ClientEvents, @unchecked Sendable {
    let eventLoop: any EventLoop
    let plan: StormPlan
    private var state: ClientState
    private var connection: ClientConnection?
    private(set) var welcomed = false
    private(set) var closedReason: String?
    private var timer: RepeatedTask?
    /// Messages said so far: the next one's number.
    private(set) var sent = 0
    /// When each message was said (monotonic ns), by number.
    private(set) var saidAt: [UInt64] = []
    private var numbers: [String: Int] = [:]
    /// Per room, the room's message numbers the relay acknowledged.
    private(set) var acknowledged: [[Int]]
    private(set) var refused = 0
    private(set) var throttled = 0
    private(set) var firstRefusal: String?

    init(eventLoop: any EventLoop, plan: StormPlan) {
        self.eventLoop = eventLoop
        self.plan = plan
        self.state = ClientState(name: StormPlan.senderName, rooms: (0..<plan.rooms).map(StormPlan.roomName))
        self.acknowledged = Array(repeating: [], count: plan.rooms)
    }

    /// Connects to `server`; the future fails if it cannot.
    func connect(to server: ServerAddress) -> EventLoopFuture<any Channel> {
        let greeting = String(decoding: self.state.hello().encoded(), as: UTF8.self)
        return WebSocketConnector<StormSender>(servers: [server], subprotocol: StormPlan.subprotocol)
            .connect(client: 0, greeting: greeting, on: self.eventLoop, events: self)
    }

    /// Says one message every `1 / rate` seconds until ``stop()``.
    func start(rate: Double) {
        let interval = TimeAmount.nanoseconds(Int64(1e9 / rate))
        self.timer = self.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in self.sayNext() }
    }

    func stop() {
        self.timer?.cancel()
        self.timer = nil
    }

    /// Everything said was acknowledged or refused.
    var isIdle: Bool { self.state.isIdle }

    var acknowledgedCount: Int { self.acknowledged.reduce(0) { $0 + $1.count } }

    private func sayNext() {
        let number = self.sent
        self.sent += 1
        self.saidAt.append(MonotonicClock.nanoseconds())
        let id = self.state.makeID()
        self.numbers[id] = number
        let room = StormPlan.roomName(self.plan.place(ofMessage: number).room)
        self.state.enqueue(.say(Say(id: id, room: room, text: StormPlan.text(ofMessage: number))))
        self.flush()
    }

    /// Writes what ``ClientState`` lets go now.
    private func flush() {
        guard let connection = self.connection else { return }
        var wrote = false
        while let message = self.state.dequeue() {
            let bytes = message.encoded()
            connection.writeText(capacity: bytes.count) { $0.writeBytes(bytes) }
            wrote = true
        }
        if wrote { connection.flush() }
    }

    // MARK: ClientEvents

    func ready(_ client: Int, connection: ClientConnection) {
        self.connection = connection
    }

    func received(_ client: Int, text: UnsafeRawBufferPointer) {
        if FrameKind.isPresence(text) { return }
        guard let message = try? ServerMessage(decoding: text) else { return }
        for event in self.state.receive(message) {
            switch event {
            case .welcomed:
                self.welcomed = true
                self.flush()
            case .acknowledged(let ack):
                guard let number = self.numbers.removeValue(forKey: ack.id) else { continue }
                let place = self.plan.place(ofMessage: number)
                self.acknowledged[place.room].append(place.index)
            case .throttled:
                self.throttled += 1
            case .refused(let error):
                self.refused += 1
                if let id = error.id { self.numbers[id] = nil }
                if self.firstRefusal == nil { self.firstRefusal = "\(error.code): \(error.message)" }
            default: break
            }
        }
    }

    func readComplete(_ client: Int) {
        self.flush()
    }

    func closed(_ client: Int, reason: String?) {
        self.connection = nil
        self.closedReason = reason ?? "connection closed"
        self.stop()
    }
}
