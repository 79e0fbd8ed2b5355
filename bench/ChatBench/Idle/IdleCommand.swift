import ArgumentParser
import ChatConfig
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chat-bench idle`: how much memory the server needs per open, named, silent connection.
struct IdleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "Opens N named connections that then stay silent; reports the server's memory per connection.",
        discussion: """
            Samples the server's RSS (--server-pid), opens and names N clients (--batch at a time), waits until \
            the server reports them on /healthz (Private Chat's gateway; other servers: skipped), holds --hold \
            seconds for memory to settle, samples again, then closes every connection.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Connections to open and hold.")
    var clients: Int

    @Option(help: "Seconds to hold the connections before sampling memory again.")
    var hold: Double = 2

    @Option(help: "Seconds to wait for the server's /healthz to count every connection (if it has that endpoint).")
    var timeout: Double = 30

    func validate() throws {
        guard self.clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard self.hold >= 0, self.hold <= 3600 else { throw ValidationError("--hold must be 0 to 3600 seconds") }
        guard self.timeout >= 0 else { throw ValidationError("--timeout must not be negative") }
    }

    func run() throws {
        var json = self.common.reportHeader(scenario: "idle")
        json.add("clients", self.clients)
        json.add("hold_s", self.hold)
        let limit = FileDescriptorLimit.raiseToMaximum()
        guard limit >= self.clients + 64 else {
            json.add("ok", false)
            json.add("error", "the open-file limit (\(limit)) is too low for \(self.clients) connections")
            throw ExitCode(Report.finish(summary: "idle FAILED: open-file limit \(limit)", json: json, ok: false))
        }
        let pids = self.common.serverPid
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.common.threads)
        defer { try? group.syncShutdownGracefully() }
        let loops = Array(group.makeIterator())
        let trackers = loops.map { IdleTracker(eventLoop: $0) }
        defer {
            let closed = trackers.map { tracker in tracker.eventLoop.flatSubmit { tracker.closeAll() } }
            for future in closed { try? future.wait() }
        }
        let probe = HealthProbe(server: self.common.server, group: group)
        let healthBefore = probe.connections()

        let before = ProcessSample.take(pids)
        Report.say("idle: opening \(self.clients) connections to \(self.common.servers.map(\.description).joined(separator: ", "))")
        let connectStart = MonotonicClock.nanoseconds()
        let results = WebSocketConnector<IdleTracker>(servers: self.common.servers).connectAll(
            count: self.clients,
            batch: self.common.batch,
            name: { "\(self.common.namePrefix)\($0)" },
            loop: { loops[$0 % loops.count] },
            events: { trackers[$0 % trackers.count] }
        )
        let connectSeconds = MonotonicClock.seconds(from: connectStart, to: MonotonicClock.nanoseconds())
        let failures = results.compactMap { result -> (any Error)? in if case .failure(let error) = result { error } else { nil } }

        // Wait until the gateway counts them all (when it can tell), then let memory settle.
        var serverConnections = healthBefore == nil ? nil : probe.connections()
        if let baseline = healthBefore {
            let deadline = MonotonicClock.nanoseconds() + UInt64(self.timeout * 1e9)
            while let seen = serverConnections, seen < baseline + self.clients - failures.count, MonotonicClock.nanoseconds() < deadline {
                usleep(100_000)
                serverConnections = probe.connections()
            }
        }
        if self.hold > 0 { usleep(UInt32(self.hold * 1e6)) }
        let after = ProcessSample.take(pids)
        if healthBefore != nil { serverConnections = probe.connections() }
        var counts = IdleCounts()
        for tracker in trackers {
            if let theirs = try? tracker.eventLoop.submit({ tracker.counts }).wait() { counts.merge(theirs) }
        }

        var error: String?
        if let first = failures.first {
            error = "\(failures.count) of \(self.clients) clients could not connect; the first: \(first)"
        } else if counts.open < self.clients {
            error = "\(self.clients - counts.open) connections were closed by the server; the first: \(counts.firstClose ?? "?")"
        } else if !after.unreadable.isEmpty {
            error = "could not read /proc for pid(s) \(after.unreadable.map(String.init).joined(separator: ", "))"
        }
        if let first = counts.firstError, error != nil { error! += "; the server said \"\(first)\"" }
        let ok = error == nil
        let perConnection = pids.isEmpty || counts.open == 0 ? nil : Double(after.residentKiB - before.residentKiB) / Double(counts.open)

        json.add("ok", ok)
        json.add("error", error)
        json.add("connect_s", connectSeconds)
        json.add("connections_open", counts.open)
        json.add("connect_failed", failures.count)
        json.add("closed_by_server", counts.closed)
        json.add("error_frames", counts.errorFrames)
        json.add("server_connections_before", healthBefore)
        json.add("server_connections", serverConnections)
        json.add("server_rss_before_kib", pids.isEmpty ? nil : before.residentKiB)
        json.add("server_rss_after_kib", pids.isEmpty ? nil : after.residentKiB)
        json.add("rss_per_connection_kib", perConnection, decimals: 2)
        json.add("server_cpu_s", pids.isEmpty ? nil : after.cpuSeconds - before.cpuSeconds, decimals: 3)

        var summary = "idle: \(counts.open)/\(self.clients) connections open after \(JSONLine.number(connectSeconds, decimals: 2)) s to connect"
        if let perConnection {
            summary += "; server RSS \(before.residentKiB) → \(after.residentKiB) KiB = \(JSONLine.number(perConnection, decimals: 1)) KiB/connection"
        }
        if let error { summary += " — FAILED: \(error)" }
        throw ExitCode(Report.finish(summary: summary, json: json, ok: ok))
    }
}
