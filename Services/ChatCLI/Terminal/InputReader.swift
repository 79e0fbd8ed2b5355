import Foundation

/// Reads standard input on a thread of its own and hands the bytes to async code.
///
/// `read(2)` blocks, so it stays off Swift's cooperative threads. The stream finishes at end of input.
enum InputReader {
    static func bytes() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(0, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                continuation.yield(Array(buffer[0..<count]))
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }

    /// Whole lines (without their line break), the last one even without a final newline.
    static func lines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let bytes = Self.bytes()
        Task {
            var pending: [UInt8] = []
            for await chunk in bytes {
                pending += chunk
                while let newline = pending.firstIndex(of: 0x0A) {
                    var line = Array(pending[..<newline])
                    if line.last == 0x0D { line.removeLast() }
                    continuation.yield(String(decoding: line, as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
            continuation.finish()
        }
        return stream
    }
}
