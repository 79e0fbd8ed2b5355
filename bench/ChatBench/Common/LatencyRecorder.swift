import Histogram

/// Delivery latencies in microseconds, kept in an HdrHistogram (3 significant digits).
///
/// Latencies above the histogram's range are clamped to its top (and still counted), so one stalled
/// delivery cannot abort a run.
struct LatencyRecorder: Sendable {
    private(set) var histogram: Histogram<UInt64>
    private let highest: UInt64

    /// - Parameter highestMicroseconds: the largest latency told apart; set it to the run's timeout.
    init(highestMicroseconds: UInt64) {
        self.highest = max(highestMicroseconds, 1_000_000)
        self.histogram = Histogram(lowestDiscernibleValue: 1, highestTrackableValue: self.highest, numberOfSignificantValueDigits: .three)
    }

    mutating func record(nanoseconds: UInt64) {
        _ = self.histogram.record(min(max(nanoseconds / 1000, 1), self.highest))
    }

    mutating func merge(_ other: LatencyRecorder) {
        self.histogram.add(other.histogram)
    }

    var count: UInt64 { self.histogram.totalCount }

    /// `{"p50": …, "p90": …, "p99": …, "p999": …, "max": …, "mean": …}` in microseconds (nulls when empty).
    var json: JSONLine {
        var json = JSONLine()
        let empty = self.histogram.totalCount == 0
        for (key, percentile) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p999", 99.9)] {
            json.add(key, empty ? nil : Double(self.histogram.valueAtPercentile(percentile)), decimals: 0)
        }
        json.add("max", empty ? nil : Double(self.histogram.max), decimals: 0)
        json.add("mean", empty ? nil : self.histogram.mean, decimals: 1)
        return json
    }

    /// "p50 1.2 ms, p99 3.4 ms, max 5.6 ms" for the stderr summary.
    var summary: String {
        guard self.histogram.totalCount > 0 else { return "no latencies" }
        func ms(_ microseconds: UInt64) -> String { JSONLine.number(Double(microseconds) / 1000, decimals: 2) + " ms" }
        return "p50 \(ms(self.histogram.valueAtPercentile(50))), p99 \(ms(self.histogram.valueAtPercentile(99))), max \(ms(self.histogram.max))"
    }
}
