import ChatClient
import ChatProtocol
import NIOCore

/// The storm's clients on one event loop: each connects, says `hello`, and after losing its connection
/// comes back by itself after its ``Backoff``, with the `hello` its ``ClientState`` builds, as
/// `ChatClient.run()` does.
///
/// Confined to `eventLoop`, like ``FanoutShard``; the command reads it through ``tally(expected:)``.
final class StormFleet: ClientEvents, @unchecked Sendable {
    let eventLoop: any EventLoop
    let plan: StormPlan
    private var connector: WebSocketConnector<StormFleet>
    private var clients: [StormClient]
    /// Set just before the gateway is killed: from then on, welcomes are resumes and attempts reconnects.
    private var stormStarted = false
    private var stopping = false
    private var nextInitial = 0
    private var counts = StormCounts()

    init(eventLoop: any EventLoop, plan: StormPlan, server: ServerAddress) {
        self.eventLoop = eventLoop
        self.plan = plan
        self.connector = WebSocketConnector(servers: [server], subprotocol: StormPlan.subprotocol)
        self.clients = (0..<plan.clients).map {
            StormClient(name: StormPlan.clientName($0), room: StormPlan.roomName(plan.room(ofClient: $0)))
        }
    }

    // MARK: Driving (on the event loop)

    /// Starts the first crowd, `window` connections at a time: each welcome lets the next one start.
    func startInitial(window: Int) {
        for _ in 0..<min(window, self.clients.count) { self.startNextInitial() }
    }

    private func startNextInitial() {
        guard self.nextInitial < self.clients.count else { return }
        self.nextInitial += 1
        self.connect(self.nextInitial - 1)
    }

    func startStorm() { self.stormStarted = true }

    /// No more reconnects; every connection is closed.
    func closeAll() -> EventLoopFuture<Void> {
        self.stopping = true
        var closed: [EventLoopFuture<Void>] = []
        for index in self.clients.indices {
            guard let connection = self.clients[index].connection else { continue }
            connection.close()
            closed.append(connection.channel.closeFuture)
        }
        return EventLoopFuture.andAllComplete(closed, on: self.eventLoop)
    }

    private func connect(_ client: Int) {
        guard !self.stopping, self.clients[client].fatal == nil else { return }
        self.clients[client].attemptOpen = true
        self.clients[client].attempts += 1
        if self.stormStarted { self.counts.reconnectAttempts += 1 }
        let greeting = self.clients[client].helloText
        self.connector.connect(client: client, greeting: greeting, on: self.eventLoop, events: self).whenFailure { error in
            self.attemptEnded(client, reason: "\(error)")
        }
    }

    /// The attempt ended (never connected, or the connection closed): try again after the backoff.
    private func attemptEnded(_ client: Int, reason: String) {
        guard self.clients[client].attemptOpen else { return }
        self.clients[client].attemptOpen = false
        self.clients[client].connection = nil
        self.clients[client].state.connectionLost()
        if self.clients[client].welcomedThisConnection {
            // As ChatClient.run(): a connection that was welcomed starts the backoff over.
            self.clients[client].welcomedThisConnection = false
            self.clients[client].backoff.reset()
            self.counts.welcomedNow -= 1
        } else {
            self.counts.failedAttempts += 1
            if self.counts.firstFailure == nil { self.counts.firstFailure = "\(StormPlan.clientName(client)): \(reason)" }
        }
        if reason.contains("4001") { self.giveUp(client, "the session continued on another connection (4001)") }
        guard !self.stopping, self.clients[client].fatal == nil else { return }
        let delay = self.clients[client].backoff.next()
        self.eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) { self.connect(client) }
    }

    private func giveUp(_ client: Int, _ reason: String) {
        guard self.clients[client].fatal == nil else { return }
        self.clients[client].fatal = reason
        self.counts.fatal += 1
        if self.counts.firstFatal == nil { self.counts.firstFatal = "\(StormPlan.clientName(client)): \(reason)" }
        self.clients[client].connection?.close()
        if self.clients[client].initialPending {
            self.clients[client].initialPending = false
            self.startNextInitial()
        }
    }

    // MARK: ClientEvents

    func ready(_ client: Int, connection: ClientConnection) {
        self.clients[client].connection = connection
    }

    func received(_ client: Int, text: UnsafeRawBufferPointer) {
        if FrameKind.isPresence(text) {
            self.counts.presenceFrames += 1
            return
        }
        guard let message = try? ServerMessage(decoding: text) else {
            self.counts.undecodable += 1
            return
        }
        if case .error(let error) = message, error.id == nil, !self.clients[client].welcomedThisConnection {
            // The hello was refused; as ChatClient: a bad or taken name is final, a relay away for a
            // moment is worth another connection after the backoff.
            switch error.code {
            case .nameTaken, .invalidName: return self.giveUp(client, "\(error.code): \(error.message)")
            case .unavailable, .busy:
                self.counts.helloRefusals += 1
                self.clients[client].connection?.close()
                return
            default: break
            }
        }
        if case .welcome = message, self.clients[client].welcomedThisConnection { self.counts.unaskedWelcomes += 1 }
        self.recordFrames(client, message)
        for event in self.clients[client].state.receive(message) {
            switch event {
            case .message(let message, _, _, _):
                if let place = self.place(client, message) { self.clients[client].shown.record(index: place.index, seq: message.seq) }
            case .welcomed: self.welcomed(client)
            case .historyGap: self.counts.historyGaps += 1
            case .serverRestarted: self.counts.serverRestarts += 1
            default: break
            }
        }
    }

    func readComplete(_ client: Int) {}

    func closed(_ client: Int, reason: String?) {
        self.attemptEnded(client, reason: reason ?? "connection closed")
    }

    private func welcomed(_ client: Int) {
        self.clients[client].welcomedThisConnection = true
        self.counts.welcomedNow += 1
        if self.clients[client].initialPending {
            self.clients[client].initialPending = false
            self.startNextInitial()
        }
        if self.stormStarted, self.clients[client].resumedAt == nil {
            self.clients[client].resumedAt = MonotonicClock.nanoseconds()
        }
    }

    /// The sender's messages in a frame, as sent: live, or replayed in a resume snapshot's history.
    private func recordFrames(_ client: Int, _ message: ServerMessage) {
        var messages: [ChatMessage] = []
        switch message {
        case .message(let message): messages = [message]
        case .welcome(let welcome): messages = welcome.rooms.flatMap(\.history)
        default: break
        }
        for message in messages {
            if let place = self.place(client, message) { self.clients[client].frames.record(index: place.index, seq: message.seq) }
        }
    }

    /// Where a message of the sender's belongs, if it is one and in this client's room.
    private func place(_ client: Int, _ message: ChatMessage) -> (room: Int, index: Int)? {
        guard message.from == StormPlan.senderName, let number = StormPlan.number(inText: message.text) else { return nil }
        let place = self.plan.place(ofMessage: number)
        guard place.room == self.plan.room(ofClient: client) else {
            self.counts.wrongRoom += 1
            return nil
        }
        return place
    }

    // MARK: Reading

    /// The counts so far; with `expected` (each room's messages the relay sequenced), also what was lost.
    func tally(expected: [[Int]]? = nil) -> StormTally {
        var tally = StormTally(counts: self.counts)
        for (index, client) in self.clients.enumerated() {
            if client.resumedAt != nil { tally.resumed += 1 }
            if client.shown.received > 0 { tally.receiving += 1 }
            tally.duplicates += client.shown.duplicates
            tally.outOfOrder += client.shown.outOfOrder
            tally.duplicateFrames += client.frames.duplicates
            tally.outOfOrderFrames += client.frames.outOfOrder
            if let expected {
                let lost = client.shown.lost(of: expected[self.plan.room(ofClient: index)])
                tally.lost += lost
                if lost > 0 { tally.clientsWithLoss += 1 }
                if lost == 0 { tally.complete += 1 }
            }
        }
        return tally
    }

    /// Each message (room, index) that at least one client lacks, with how many lack it.
    func missing(expected: [[Int]]) -> [StormMessage: Int] {
        var missing: [StormMessage: Int] = [:]
        for (index, client) in self.clients.enumerated() {
            let room = self.plan.room(ofClient: index)
            for message in expected[room] where !client.shown.contains(message) {
                missing[StormMessage(room: room, index: message), default: 0] += 1
            }
        }
        return missing
    }

    /// When each client resumed after the kill.
    func resumeTimes() -> [UInt64] { self.clients.compactMap(\.resumedAt) }
}
