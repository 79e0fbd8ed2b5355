import ArgumentParser
import ChatConfig
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chat-bench storm`: every client of a gateway that was killed comes back by itself, and misses nothing.
struct StormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storm",
        abstract: "A reconnect storm: N v1 clients on one gateway, which is killed and restarted; every client must resume and miss nothing.",
        discussion: """
            Connects a sender to --sender-url (another gateway of the same relay) in every room, then N clients to --url \
            (--batch welcomes in flight at a time), spread over rooms of --room-size. The sender says --rate numbered \
            messages a second. Once every client is welcomed and receiving, chat-bench writes `ready NS` on stdout and \
            waits for `killed NS`, `restarted NS` and `healthy NS` on stdin (bench/run.py kills and restarts the gateway). \
            Clients reconnect by ChatClient's rules (Backoff, then a hello with session and resume points from \
            ClientState). --after seconds after the last resume, the sender stops; once everything drained, each client \
            must have every message of its room that the relay acknowledged, exactly once and in order.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "The gateway the sender connects to (not killed).")
    var senderURL: String

    @Option(help: "Clients on the gateway that is killed.")
    var clients: Int

    @Option(help: "Most clients per room (the relay's default --max-room-members is 1000, the sender included).")
    var roomSize: Int = 500

    @Option(help: "Messages the sender says per second, over all rooms.")
    var rate: Double = 100

    @Option(help: "Seconds the sender goes on after the last client resumed.")
    var after: Double = 2

    @Option(help: "Seconds each phase may take: connecting, resuming, draining.")
    var timeout: Double = 120

    func validate() throws {
        guard self.clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard self.roomSize >= 1 else { throw ValidationError("--room-size must be at least 1") }
        guard StormPlan(clients: self.clients, roomSize: self.roomSize).rooms <= StormPlan.maximumRooms else {
            throw ValidationError("--clients / --room-size makes more than \(StormPlan.maximumRooms) rooms, the most the sender may be in")
        }
        guard self.rate > 0, self.rate <= 10_000 else { throw ValidationError("--rate must be above 0 and at most 10000") }
        guard self.after >= 0, self.timeout > 0 else { throw ValidationError("--after and --timeout must not be negative") }
        _ = try ServerAddress(url: self.senderURL)
    }

    func run() throws {
        var json = self.common.reportHeader(scenario: "storm")
        let plan = StormPlan(clients: self.clients, roomSize: self.roomSize)
        json.add("clients", self.clients)
        json.add("rooms", plan.rooms)
        json.add("rate", self.rate, decimals: 1)
        let limit = FileDescriptorLimit.raiseToMaximum()
        guard limit >= self.clients + 64 else {
            json.add("ok", false)
            json.add("error", "the open-file limit (\(limit)) is too low for \(self.clients) connections")
            throw ExitCode(Report.finish(summary: "storm FAILED: open-file limit \(limit)", json: json, ok: false))
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let sender = StormSender(eventLoop: loop, plan: plan)
        let fleet = StormFleet(eventLoop: loop, plan: plan, server: self.common.server)
        defer {
            try? loop.flatSubmit { fleet.closeAll() }.wait()
            try? loop.submit { sender.stop() }.wait()
        }
        let run = StormRun(loop: loop, fleet: fleet, sender: sender, timeout: self.timeout)
        let outcome = run.perform(senderURL: try ServerAddress(url: self.senderURL), window: self.common.batch, rate: self.rate, after: self.after)
        run.report(outcome, into: &json)
        let summary = run.summary(outcome)
        throw ExitCode(Report.finish(summary: summary, json: json, ok: outcome.error == nil))
    }
}
