import Foundation

/// Reads standard input on a thread of its own and hands the bytes to async code.
///
/// `read(2)` blocks, so it stays off Swift's cooperative threads. The stream finishes at end of input.
enum InputReader {
    /// The bytes of standard input, as each `read(2)` returns them.
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
    static func lines() -> Lines {
        Lines(bytes: Self.bytes())
    }

    /// Standard input's lines, cut from its bytes as they are read: no task of its own, so the
    /// reading ends when the task iterating it is cancelled.
    struct Lines: AsyncSequence {
        let bytes: AsyncStream<[UInt8]>

        func makeAsyncIterator() -> Iterator {
            Iterator(bytes: self.bytes.makeAsyncIterator())
        }

        /// Cuts each line out of the bytes read so far, reading more only when none is complete.
        struct Iterator: AsyncIteratorProtocol {
            var bytes: AsyncStream<[UInt8]>.Iterator
            /// Bytes read after the last line break.
            var pending: [UInt8] = []
            var ended = false

            mutating func next() async -> String? {
                while !Task.isCancelled {
                    if let newline = self.pending.firstIndex(of: 0x0A) {
                        var line = Array(self.pending[..<newline])
                        if line.last == 0x0D { line.removeLast() }
                        self.pending.removeSubrange(...newline)
                        return String(decoding: line, as: UTF8.self)
                    }
                    guard !self.ended else { return nil }
                    guard let chunk = await self.bytes.next() else {
                        // Cancelled, the stream ends too: that is not the end of input, and a partial line stays unread.
                        guard !Task.isCancelled else { return nil }
                        self.ended = true
                        guard !self.pending.isEmpty else { return nil }
                        defer { self.pending = [] }
                        return String(decoding: self.pending, as: UTF8.self)
                    }
                    self.pending += chunk
                }
                return nil
            }
        }
    }
}
