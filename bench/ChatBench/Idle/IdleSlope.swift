/// The server's state at one step of an idle run: how many connections it held, its memory and CPU.
struct IdleSample: Sendable, Equatable {
    var connections: Int
    var residentKiB: Int
    var cpuSeconds: Double
}

/// What an idle run reports: memory per connection as the slope between two steps, and CPU per set-up.
///
/// A slope, not `RSS ÷ connections`: a server's first connections pay for pools, caches and arenas that
/// later ones reuse, and its start-up memory is no cost of a connection at all. Between two counts
/// well past the first few thousand, those cancel and what is left is the marginal cost.
enum IdleSlope {
    /// KiB of RSS per connection between `first` and `second`; `nil` if the count did not grow.
    static func kibPerConnection(from first: IdleSample, to second: IdleSample) -> Double? {
        guard second.connections > first.connections else { return nil }
        return Double(second.residentKiB - first.residentKiB) / Double(second.connections - first.connections)
    }

    /// Microseconds of server CPU per connection opened, over the connect phases only.
    static func cpuMicrosecondsPerConnection(cpuSeconds: Double, connections: Int) -> Double? {
        guard connections > 0 else { return nil }
        return cpuSeconds * 1e6 / Double(connections)
    }
}
