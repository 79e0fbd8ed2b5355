import ArgumentParser
import ChatConfig
import NIOCore
import NIOPosix

/// `chat-bench idle`: how much memory and CPU the server needs per open, named, silent connection.
struct IdleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "Opens named connections that then stay silent; reports the server's memory per connection (a slope) and CPU per set-up.",
        discussion: """
            Opens --baseline connections (--batch at a time), waits until the server is idle and a probe broadcast \
            reached every client (so the server has them all named), holds --hold seconds and samples the server's \
            RSS and CPU (--server-pid); then opens more up to --clients and samples again. Memory per connection is \
            the RSS difference over the connection difference; CPU per set-up is the server's CPU during the connect \
            phases over the connections opened. A step that cannot finish within --timeout seconds ends the run with \
            what it reached.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Connections open at the first sample.")
    var baseline: Int = 5000

    @Option(help: "Connections open at the second sample.")
    var clients: Int

    @Option(help: "Seconds to hold the connections before each memory sample.")
    var hold: Double = 1

    @Option(help: "Seconds one step (connecting, the server settling, the probe) may take.")
    var timeout: Double = 90

    func validate() throws {
        guard self.baseline >= 1 else { throw ValidationError("--baseline must be at least 1") }
        guard self.clients > self.baseline else { throw ValidationError("--clients must be more than --baseline") }
        guard self.hold >= 0, self.hold <= 3600 else { throw ValidationError("--hold must be 0 to 3600 seconds") }
        guard self.timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard !self.common.serverPid.isEmpty else { throw ValidationError("--server-pid is required: the run measures the server") }
    }

    func run() throws {
        var json = self.common.reportHeader(scenario: "idle")
        json.add("clients", self.clients)
        json.add("baseline", self.baseline)
        json.add("hold_s", self.hold)
        let limit = FileDescriptorLimit.raiseToMaximum()
        guard limit >= self.clients + 64 else {
            json.add("ok", false)
            json.add("error", "the open-file limit (\(limit)) is too low for \(self.clients) connections")
            throw ExitCode(Report.finish(summary: "idle FAILED: open-file limit \(limit)", json: json, ok: false))
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.common.threads)
        defer { try? group.syncShutdownGracefully() }
        let run = IdleRun(common: self.common, loops: Array(group.makeIterator()), hold: self.hold, timeout: self.timeout)
        defer { run.closeAll() }

        Report.say("idle: opening \(self.baseline), then \(self.clients) connections to \(self.common.server)")
        let start = ProcessSample.take(self.common.serverPid)
        let first = run.step(to: self.baseline)
        let second = first.error == nil ? run.step(to: self.clients) : nil
        let steps = [first] + (second.map { [$0] } ?? [])

        var error = steps.compactMap(\.error).first
        if error == nil, run.counts.open < self.clients {
            error = "\(self.clients - run.counts.open) connections were closed by the server; the first: \(run.counts.firstClose ?? "?")"
        }
        if let first = run.counts.firstError, error != nil { error! += "; the server said \"\(first)\"" }
        let ok = error == nil
        let setupCPU = steps.reduce(0) { $0 + $1.cpuSeconds }
        let opened = steps.reduce(0) { $0 + $1.opened }
        let perConnection = second.flatMap { IdleSlope.kibPerConnection(from: first.sample, to: $0.sample) }
        let cpuPerConnection = IdleSlope.cpuMicrosecondsPerConnection(cpuSeconds: setupCPU, connections: opened)

        json.add("ok", ok)
        json.add("error", error)
        json.add("connections_open", run.counts.open)
        json.add("connections_reached", steps.last?.sample.connections ?? 0)
        json.add("connect_s", steps.reduce(0) { $0 + $1.connectSeconds })
        json.add("settle_s", steps.reduce(0) { $0 + $1.settleSeconds })
        json.add("connect_failed", steps.reduce(0) { $0 + $1.failed })
        json.add("closed_by_server", run.counts.closed)
        json.add("error_frames", run.counts.errorFrames)
        json.add("server_rss_start_kib", start.residentKiB)
        json.add("baseline_sample", first.json)
        if let second { json.add("final_sample", second.json) }
        json.add("rss_per_connection_kib", perConnection, decimals: 2)
        json.add("server_cpu_s", setupCPU, decimals: 3)
        json.add("server_cpu_us_per_connection", cpuPerConnection, decimals: 1)

        var summary = "idle: \(run.counts.open)/\(self.clients) connections open"
        if let perConnection, let second {
            summary +=
                "; server RSS \(first.sample.residentKiB) → \(second.sample.residentKiB) KiB = \(JSONLine.number(perConnection, decimals: 2)) KiB/connection"
        }
        if let cpuPerConnection { summary += "; \(JSONLine.number(cpuPerConnection, decimals: 1)) µs of server CPU per connection set up" }
        if let error { summary += " — FAILED: \(error)" }
        throw ExitCode(Report.finish(summary: summary, json: json, ok: ok))
    }
}
