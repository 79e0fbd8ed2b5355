/// The storm's moments (monotonic nanoseconds) and the durations reported from them.
struct StormTimeline: Sendable, Equatable {
    var killedAt: UInt64
    var restartedAt: UInt64
    /// When the restarted gateway first answered `/healthz` with 200 (linked to the relay), if it did.
    var healthyAt: UInt64?

    /// Seconds from `start` to the last of `resumed`; `nil` if none.
    static func secondsToLast(_ resumed: [UInt64], from start: UInt64) -> Double? {
        guard let last = resumed.max() else { return nil }
        return MonotonicClock.seconds(from: start, to: last)
    }

    /// Seconds from `start` to the resume at fraction `quantile` (0.5: the median client).
    static func seconds(_ resumed: [UInt64], quantile: Double, from start: UInt64) -> Double? {
        guard !resumed.isEmpty else { return nil }
        let sorted = resumed.sorted()
        let index = min(sorted.count - 1, max(0, Int((quantile * Double(sorted.count)).rounded(.up)) - 1))
        return MonotonicClock.seconds(from: start, to: sorted[index])
    }
}
