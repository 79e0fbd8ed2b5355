import ArgumentParser

/// `chat-bench fanout`: S of N clients send M messages each; every other client should get each one.
struct FanoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "N plain-mode clients; S senders send M messages each, closed loop (--window) or open loop (--rate).",
        discussion: """
            Connects all clients (named PREFIX0, PREFIX1, …; the senders are the first S), warms up until every \
            client heard from every sender, then sends. Closed loop: each sender keeps at most --window of its \
            messages not yet received by the last client. Open loop: --rate messages per second in total, evenly \
            spaced, each stamped with the time it was due. Ends when every delivery arrived, a client was closed, \
            or --timeout passed, then waits 200 ms for duplicates.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Connections to open (N); every one receives.")
    var clients: Int

    @Option(help: "Clients that send (S): the first S.")
    var senders: Int

    @Option(help: "Measured messages each sender sends (M).")
    var messages: Int

    @Option(help: "Open loop: total messages per second across all senders. Without it: closed loop.")
    var rate: Double?

    @Option(help: "Closed loop: messages per sender sent but not yet received by the observer.")
    var window: Int = 16

    @Option(help: "Bytes of text per message.")
    var payload: Int = 100

    @Option(help: "Seconds the measured phase (and, separately, the warm-up) may take.")
    var timeout: Double = 60

    @Option(help: "Milliseconds to pause after the warm-up, before the measured messages.")
    var warmupMs: Int = 500

    func validate() throws {
        guard self.clients >= 2 else { throw ValidationError("--clients must be at least 2") }
        guard (1...self.clients).contains(self.senders) else { throw ValidationError("--senders must be 1 to --clients") }
        guard self.messages >= 1 else { throw ValidationError("--messages must be at least 1") }
        guard self.messages <= Int(Int32.max) else { throw ValidationError("--messages is too large") }
        guard self.window >= 1 else { throw ValidationError("--window must be at least 1") }
        guard (1...1_000_000).contains(self.payload) else { throw ValidationError("--payload must be 1 to 1000000 bytes") }
        guard self.timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard self.warmupMs >= 0 else { throw ValidationError("--warmup-ms must not be negative") }
        if let rate = self.rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a positive number") }
    }

    func run() throws {
        let plan = FanoutPlan(
            clients: self.clients,
            senders: self.senders,
            messages: self.messages,
            payload: self.payload,
            window: self.window,
            rate: self.rate,
            loops: self.common.threads,
            namePrefix: self.common.namePrefix
        )
        var header = self.common.reportHeader(scenario: "fanout")
        header.add("clients", self.clients)
        header.add("senders", self.senders)
        header.add("messages", self.messages)
        header.add("mode", self.rate == nil ? "closed" : "open")
        header.add("rate", self.rate, decimals: 3)
        header.add("window", self.rate == nil ? self.window : nil)
        header.add("payload", self.payload)
        header.add("timeout_s", self.timeout)
        header.add("warmup_ms", self.warmupMs)
        let run = FanoutRun(
            plan: plan,
            servers: self.common.servers,
            serverPIDs: self.common.serverPid,
            batch: self.common.batch,
            timeout: self.timeout,
            warmupMilliseconds: self.warmupMs
        )
        let status = run.execute(header: header)
        throw ExitCode(status)
    }
}
