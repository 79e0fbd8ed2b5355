#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The conversation with whoever kills and restarts the gateway (bench/run.py): chat-bench writes
/// `ready NS` on stdout once every client is welcomed and receiving; the other side answers on stdin
/// `killed NS`, `restarted NS` and `healthy NS` (NS: CLOCK_MONOTONIC nanoseconds, the clock of
/// ``MonotonicClock`` and of Python's `time.monotonic_ns()`; `healthy -1` if it never became healthy).
struct StormControl {
    /// One line of the other side.
    struct Line: Equatable {
        var word: String
        /// `nil` for `-1`: the moment never came.
        var nanoseconds: UInt64?
    }

    private var pending: [UInt8] = []

    /// Parses `WORD NS`.
    static func parse(_ line: String) -> Line? {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let value = Int64(parts[1]) else { return nil }
        return Line(word: String(parts[0]), nanoseconds: value < 0 ? nil : UInt64(value))
    }

    /// Waits up to `timeout` seconds for the line `word`; `nil` on timeout, end of input or another line.
    mutating func expect(_ word: String, timeout: Double) -> Line? {
        guard let text = self.readLine(timeout: timeout), let line = Self.parse(text), line.word == word else { return nil }
        return line
    }

    /// The next line of stdin, without its newline, within `timeout` seconds.
    private mutating func readLine(timeout: Double) -> String? {
        let deadline = MonotonicClock.nanoseconds() + UInt64(timeout * 1e9)
        while true {
            if let newline = self.pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: self.pending[..<newline], as: UTF8.self)
                self.pending.removeSubrange(...newline)
                return line
            }
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else { return nil }
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(1000, (deadline - now) / 1_000_000 + 1)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            self.pending += chunk[0..<count]
        }
    }

    /// Writes `ready NS` on stdout, unbuffered.
    static func announceReady(at nanoseconds: UInt64) {
        let line = Array("ready \(nanoseconds)\n".utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
