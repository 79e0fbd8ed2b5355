import ArgumentParser

/// `chat-bench`: a load generator for Private Chat and the servers it is compared with.
///
/// Every subcommand runs against a server already running on this machine (loopback only), stops by
/// itself (bounded in messages and in time), prints progress and a summary line to stderr, and prints one
/// JSON object on one line to stdout. Exit status: 0 when the run was clean, 1 when it was not (lost
/// deliveries, a timeout, failed connections), 64 on usage errors.
///
/// - `fanout`: N clients in the plain protocol (first text frame the name, then `NAME: TEXT` deliveries);
///   S of them send M messages each, closed loop (at most `--window` unobserved per sender) or open loop
///   (`--rate` messages per second in total). Reports deliveries per second, latency percentiles, lost,
///   duplicate and self-echoed deliveries, and the server's CPU time per delivery.
/// - `idle`: opens named connections in two steps and holds them; reports the server's memory per
///   connection (the slope between the steps) and its CPU per connection set up.
/// - `storm`: N protocol v1 clients on a gateway that is killed and restarted meanwhile; each reconnects
///   by the client library's rules (`ClientState`, `Backoff`). Reports how long until all were back and
///   whether any missed or repeated a message of the sender's on another gateway.
/// - `relay`: a fake gateway on `chat-relay`'s ZeroMQ link (the relay envelope); says M messages and
///   counts them published back; reports messages per second, latency and the relay's CPU per message.
///
/// Clients are raw SwiftNIO channels on one event-loop thread (`--threads`), not a task per connection,
/// so 10,000 connections cost little and the generator stays off the critical path.
@main
struct ChatBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bench",
        abstract: "Load generator for chat servers on this machine: fan-out throughput and latency, idle cost, a reconnect storm, the relay alone.",
        discussion: "Each run prints one JSON line on stdout. Exit status 0: clean run; 1: lost deliveries, timeout or failures; 64: usage.",
        subcommands: [FanoutCommand.self, IdleCommand.self, StormCommand.self, RelayCommand.self]
    )
}
