#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time and resident memory of server processes, read from `/proc` (Linux only).
///
/// CPU is `utime + stime` of `/proc/PID/stat` (every thread of the process, in clock ticks); memory is
/// `VmRSS` of `/proc/PID/status`. Summing over several pids covers a gateway plus a separate relay.
struct ProcessSample: Sendable {
    /// CPU seconds used so far, summed over the pids that could be read.
    var cpuSeconds: Double = 0
    /// Resident set size in KiB, summed likewise.
    var residentKiB: Int = 0
    /// Pids that could not be read (gone, or not Linux).
    var unreadable: [Int32] = []

    /// Samples every pid in `pids`; an empty list gives an empty sample.
    static func take(_ pids: [Int32]) -> ProcessSample {
        var sample = ProcessSample()
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        for pid in pids {
            guard let stat = readSmallFile("/proc/\(pid)/stat"), let ticks = cpuTicks(stat: stat),
                let status = readSmallFile("/proc/\(pid)/status"), let rss = residentKiB(status: status)
            else {
                sample.unreadable.append(pid)
                continue
            }
            sample.cpuSeconds += Double(ticks) / ticksPerSecond
            sample.residentKiB += rss
        }
        return sample
    }

    /// `utime + stime`: fields 14 and 15, counted after the parenthesised command name (which may hold spaces).
    static func cpuTicks(stat: String) -> UInt64? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }

    /// The `VmRSS:   1234 kB` line of `/proc/PID/status`.
    static func residentKiB(status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    /// Reads a `/proc` file whole. Plain `read(2)`: no Foundation, and `/proc` files report size 0.
    static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
