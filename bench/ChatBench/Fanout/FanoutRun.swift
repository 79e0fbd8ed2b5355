import ChatConfig
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fan-out run from connect to report, on the calling thread (which only waits: the clients,
/// the ``FanoutDriver`` and the ``FanoutShard``s do the work on their event loops).
struct FanoutRun {
    let plan: FanoutPlan
    let servers: [ServerAddress]
    let serverPIDs: [Int32]
    let batch: Int
    let timeout: Double
    let warmupMilliseconds: Int

    /// Runs the scenario and prints its report; returns the exit status.
    func execute(header: JSONLine) -> Int32 {
        var json = header
        let limit = FileDescriptorLimit.raiseToMaximum()
        guard limit >= self.plan.clients + 64 else {
            return self.fail("the open-file limit (\(limit)) is too low for \(self.plan.clients) connections", json: json)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.plan.loops)
        defer { try? group.syncShutdownGracefully() }
        let loops = Array(group.makeIterator())
        let timeout = TimeAmount.nanoseconds(Int64(self.timeout * 1e9))
        let driver = FanoutDriver(eventLoop: loops[0], plan: self.plan, serverPIDs: self.serverPIDs)
        let shards = loops.indices.map { index in
            FanoutShard(
                loop: index,
                eventLoop: loops[index],
                plan: self.plan,
                driver: driver,
                highestLatencyMicroseconds: UInt64(self.timeout * 1e6) + 1_000_000
            )
        }
        defer {
            Self.closeAll(shards)
            try? loops[0].submit { driver.abandon() }.wait()
        }

        // Connect and name every client.
        Report.say("fanout: connecting \(self.plan.clients) clients to \(self.servers.map(\.description).joined(separator: ", "))")
        let connectStart = MonotonicClock.nanoseconds()
        let results = WebSocketConnector<FanoutShard>(servers: self.servers).connectAll(
            count: self.plan.clients,
            batch: self.batch,
            name: { self.plan.name(of: $0) },
            loop: { loops[self.plan.loop(of: $0)] },
            events: { shards[self.plan.loop(of: $0)] }
        )
        let connectSeconds = MonotonicClock.seconds(from: connectStart, to: MonotonicClock.nanoseconds())
        json.add("connect_s", connectSeconds)
        let failures = results.compactMap { result -> (any Error)? in if case .failure(let error) = result { error } else { nil } }
        guard failures.isEmpty else {
            json.add("connect_failed", failures.count)
            return self.fail("\(failures.count) of \(self.plan.clients) clients could not connect; the first: \(failures[0])", json: json)
        }

        // Warm up: every client hears from every sender, so the server has finished registering them all.
        let warmupStart = MonotonicClock.nanoseconds()
        let shardsToWarm = shards.filter(\.hasWork).count
        let warm: Bool
        do {
            try loops[0].submit { driver.startWarmup(shardsToWarm: shardsToWarm, shardsToFinish: shardsToWarm, timeout: timeout) }.wait()
            warm = try driver.warmed.futureResult.wait()
        } catch {
            return self.fail("warm-up failed: \(error)", json: json)
        }
        json.add("warmup_s", MonotonicClock.seconds(from: warmupStart, to: MonotonicClock.nanoseconds()))
        guard warm else {
            let counts = Self.collect(shards)
            let reason = counts.firstClose.map { "a client's connection closed: \($0)" } ?? counts.firstError.map { "the server said \"\($0)\"" }
            return self.fail(
                "warm-up incomplete: \(counts.warmPending) (client, sender) pairs heard no warm-up message" + (reason.map { "; \($0)" } ?? ""),
                json: json
            )
        }
        if self.warmupMilliseconds > 0 { usleep(UInt32(min(self.warmupMilliseconds, 60_000)) * 1000) }

        // The measured run.
        Report.say("fanout: \(self.plan.senders) senders × \(self.plan.messages) messages to \(self.plan.clients) clients")
        let ownCPUAtStart = OwnCPU.seconds()
        let ending: FanoutDriver.Ending
        do {
            try loops[0].submit { driver.start(timeout: timeout) }.wait()
            ending = try driver.finished.futureResult.wait()
        } catch {
            return self.fail("the run failed: \(error)", json: json)
        }
        let ownCPU = OwnCPU.seconds() - ownCPUAtStart
        usleep(200_000)  // late duplicates
        let counts = Self.collect(shards)
        let sending = try? loops[0].submit { (driver.firstSend, driver.messagesSent, driver.serverAtStart, driver.serverAtEnd) }.wait()
        let (firstSend, messagesSent, serverAtStart, serverAtEnd) = sending ?? (0, 0, ProcessSample(), ProcessSample())
        return self.report(
            json: json,
            ending: ending,
            counts: counts,
            firstSend: firstSend,
            messagesSent: messagesSent,
            server: (serverAtStart, serverAtEnd),
            ownCPU: ownCPU
        )
    }

    // MARK: Report

    private func report(
        json: JSONLine,
        ending: FanoutDriver.Ending,
        counts: FanoutCounts,
        firstSend: UInt64,
        messagesSent: Int,
        server: (start: ProcessSample, end: ProcessSample),
        ownCPU: Double
    ) -> Int32 {
        var json = json
        let expected = self.plan.expectedDeliveries
        let lost = expected - counts.received
        let measured = MonotonicClock.seconds(from: firstSend, to: counts.lastDelivery)
        let perSecond = measured > 0 ? Double(counts.received) / measured : nil
        let latency = counts.latency ?? LatencyRecorder(highestMicroseconds: 1)
        let timedOut = ending == .timedOut
        var error: String?
        switch ending {
        case .complete: error = nil
        case .timedOut: error = "timed out after \(self.timeout) s with \(lost) deliveries missing"
        case .failed(let reason): error = reason
        }
        if error == nil, lost > 0 { error = "\(lost) deliveries lost" }
        if let first = counts.firstError, error != nil { error! += "; the server said \"\(first)\"" }
        let ok = error == nil
        let cpu = self.serverPIDs.isEmpty ? nil : server.end.cpuSeconds - server.start.cpuSeconds

        json.add("ok", ok)
        json.add("error", error)
        json.add("timed_out", timedOut)
        json.add("expected_deliveries", expected)
        json.add("received_deliveries", counts.received)
        json.add("lost", lost)
        json.add("duplicates", counts.duplicates)
        json.add("self_echo", counts.selfEcho)
        json.add("out_of_order", counts.outOfOrder)
        json.add("error_frames", counts.errorFrames)
        json.add("other_frames", counts.otherFrames)
        json.add("closed_early", counts.closed)
        json.add("messages_sent", messagesSent)
        json.add("measured_s", measured, decimals: 6)
        json.add("deliveries_per_s", perSecond, decimals: 1)
        json.add("messages_per_s", measured > 0 ? Double(messagesSent) / measured : nil, decimals: 1)
        json.add("latency_us", latency.json)
        json.add("server_cpu_s", cpu, decimals: 3)
        json.add("server_cpu_us_per_delivery", cpu.flatMap { counts.received > 0 ? $0 * 1e6 / Double(counts.received) : nil }, decimals: 3)
        json.add("server_rss_kib", self.serverPIDs.isEmpty ? nil : server.end.residentKiB)
        json.add("server_pids_unreadable", server.end.unreadable)
        json.add("bench_cpu_s", ownCPU, decimals: 3)

        var summary = "fanout: \(counts.received)/\(expected) deliveries"
        if let perSecond { summary += " in \(JSONLine.number(measured, decimals: 3)) s = \(JSONLine.number(perSecond, decimals: 0))/s" }
        summary += "; latency \(latency.summary)"
        if counts.duplicates > 0 || counts.selfEcho > 0 { summary += "; \(counts.duplicates) duplicates, \(counts.selfEcho) self-echoes" }
        if let cpu, counts.received > 0 { summary += "; server \(JSONLine.number(cpu * 1e6 / Double(counts.received), decimals: 2)) µs CPU/delivery" }
        if let error { summary += " — FAILED: \(error)" }
        return Report.finish(summary: summary, json: json, ok: ok)
    }

    private func fail(_ error: String, json: JSONLine) -> Int32 {
        var json = json
        json.add("ok", false)
        json.add("error", error)
        return Report.finish(summary: "fanout FAILED: \(error)", json: json, ok: false)
    }

    // MARK: Shards

    private static func collect(_ shards: [FanoutShard]) -> FanoutCounts {
        var total = FanoutCounts()
        for shard in shards {
            if let counts = try? shard.eventLoop.submit({ shard.summary }).wait() { total.merge(counts) }
        }
        return total
    }

    private static func closeAll(_ shards: [FanoutShard]) {
        let closed = shards.map { shard in shard.eventLoop.flatSubmit { shard.closeAll() } }
        for future in closed { try? future.wait() }
    }
}
