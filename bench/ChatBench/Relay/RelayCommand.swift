import ArgumentParser
import ChatConfig
import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

/// `chat-bench relay`: the relay alone, driven by a fake gateway over its real ZeroMQ link.
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Acts as a gateway on chat-relay's ZeroMQ link: says M messages and counts them published back.",
        discussion: """
            Does the gateway's handshake (hello until sync on the subscriber), claims a name, joins a room, then \
            sends M `say` envelopes (--batch to a frame) as fast as the relay takes them, keeping at most --window unpublished, and \
            counts the published `message` envelopes. Start the relay with `chat-relay --port PORT`; both find the \
            relay link's key in the same state directory.
            """
    )

    @Option(help: "The relay, tcp://127.0.0.1:PORT (its --port; it publishes on PORT+1). Loopback only.")
    var relay: String

    @Option(help: "Messages to say.")
    var messages: Int

    @Option(help: "Bytes of text per message (at least 11).")
    var payload: Int = 100

    @Option(help: "Messages sent but not yet seen published.")
    var window: Int = 1000

    @Option(help: "`say` envelopes per ZeroMQ frame: 1 is what gateways send; more measures the relay with batched input.")
    var batch: Int = 1

    @Option(help: "The relay's process id, for its CPU time and memory from /proc.")
    var relayPid: Int32?

    @Option(help: "Room to say the messages in.")
    var room: String = "bench"

    @Option(help: "Seconds the run (and, separately, the handshake) may take.")
    var timeout: Double = 60

    @Option(help: "Free text copied into the report.")
    var label: String = ""

    @OptionGroup var state: StateDirectoryOption

    func validate() throws {
        try ServerAddress.checkLoopback(relay: self.relay)
        _ = try RelayEndpoints(address: self.relay)
        guard self.messages >= 1 else { throw ValidationError("--messages must be at least 1") }
        guard (RelayLoad.numberDigits + 1...1_000_000).contains(self.payload) else { throw ValidationError("--payload must be 11 to 1000000 bytes") }
        guard self.window >= 1 else { throw ValidationError("--window must be at least 1") }
        guard (1...1024).contains(self.batch) else { throw ValidationError("--batch must be 1 to 1024") }
        guard self.timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        var json = JSONLine()
        json.add("scenario", "relay")
        json.add("label", self.label)
        json.add("relay", self.relay)
        json.add("messages", self.messages)
        json.add("payload", self.payload)
        json.add("window", self.window)
        json.add("batch", self.batch)
        json.add("room", self.room)
        json.add("timeout_s", self.timeout)
        json.add("relay_pid", self.relayPid.map(Int.init))
        let pids = self.relayPid.map { [$0] } ?? []
        do {
            let context = try ZMQContext()
            let keys = try RelayLinkKeys.load(stateDirectory: try self.state.resolve()).keys
            let gateway = try FakeGateway(context: context, endpoints: try RelayEndpoints(address: self.relay), keys: keys)
            let name = "bench-\(String(gateway.gatewayID, radix: 16).prefix(8))"
            defer { gateway.release() }
            let handshakeStart = MonotonicClock.nanoseconds()
            let handshakeDeadline = handshakeStart + UInt64(self.timeout * 1e9)
            Report.say("relay: synchronizing with \(self.relay)")
            _ = try gateway.synchronize(until: handshakeDeadline)
            try gateway.claim(name: name, until: handshakeDeadline)
            _ = try gateway.join(room: self.room, until: handshakeDeadline)
            json.add("handshake_s", MonotonicClock.seconds(from: handshakeStart, to: MonotonicClock.nanoseconds()))

            Report.say("relay: saying \(self.messages) messages in \(self.room) as \(name)")
            let load = RelayLoad(gateway: gateway, room: self.room, name: name, messages: self.messages, payload: self.payload, window: self.window, batch: self.batch)
            let serverAtStart = ProcessSample.take(pids)
            let ownAtStart = OwnCPU.seconds()
            let outcome = try load.run(
                until: MonotonicClock.nanoseconds() + UInt64(self.timeout * 1e9),
                highestLatencyMicroseconds: UInt64(self.timeout * 1e6) + 1_000_000
            )
            let serverAtEnd = ProcessSample.take(pids)
            let ownCPU = OwnCPU.seconds() - ownAtStart
            throw ExitCode(self.report(json: json, outcome: outcome, server: (serverAtStart, serverAtEnd), ownCPU: ownCPU))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            json.add("ok", false)
            json.add("error", "\(error)")
            throw ExitCode(Report.finish(summary: "relay FAILED: \(error)", json: json, ok: false))
        }
    }

    private func report(json: JSONLine, outcome: RelayLoad.Outcome, server: (start: ProcessSample, end: ProcessSample), ownCPU: Double) -> Int32 {
        var json = json
        let lost = self.messages - outcome.received
        let measured = MonotonicClock.seconds(from: outcome.firstSend, to: outcome.lastReceive)
        let perSecond = measured > 0 ? Double(outcome.received) / measured : nil
        let cpu = self.relayPid == nil ? nil : server.end.cpuSeconds - server.start.cpuSeconds
        var error: String?
        if outcome.timedOut {
            error = "timed out after \(self.timeout) s with \(lost) messages not published back"
        } else if lost > 0 {
            error = "\(lost) messages lost"
        }
        if let first = outcome.firstError, error != nil { error! += "; the relay said \"\(first)\"" }
        let ok = error == nil

        json.add("ok", ok)
        json.add("error", error)
        json.add("timed_out", outcome.timedOut)
        json.add("sent", outcome.sent)
        json.add("published_received", outcome.received)
        json.add("lost", lost)
        json.add("duplicates", outcome.duplicates)
        json.add("sequence_gaps", outcome.sequenceGaps)
        json.add("error_replies", outcome.errorReplies)
        json.add("measured_s", measured, decimals: 6)
        json.add("messages_per_s", perSecond, decimals: 1)
        json.add("latency_us", outcome.latency.json)
        json.add("relay_cpu_s", cpu, decimals: 3)
        json.add("relay_cpu_us_per_message", cpu.flatMap { outcome.received > 0 ? $0 * 1e6 / Double(outcome.received) : nil }, decimals: 3)
        json.add("relay_rss_kib", self.relayPid == nil ? nil : server.end.residentKiB)
        json.add("bench_cpu_s", ownCPU, decimals: 3)

        var summary = "relay: \(outcome.received)/\(self.messages) published back"
        if let perSecond { summary += " in \(JSONLine.number(measured, decimals: 3)) s = \(JSONLine.number(perSecond, decimals: 0))/s" }
        summary += "; latency \(outcome.latency.summary)"
        if let cpu, outcome.received > 0 { summary += "; relay \(JSONLine.number(cpu * 1e6 / Double(outcome.received), decimals: 2)) µs CPU/message" }
        if let error { summary += " — FAILED: \(error)" }
        return Report.finish(summary: summary, json: json, ok: ok)
    }
}
