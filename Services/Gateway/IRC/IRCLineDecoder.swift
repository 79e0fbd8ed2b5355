import NIOCore

/// Cuts an IRC client's byte stream into lines (docs/PROTOCOL.md, "5. IRC clients", "Lines").
///
/// A line ends with CR LF or a bare LF and may be at most 512 bytes with its line end, after at most 8191
/// bytes of IRCv3 tags (`@…` and the space after them), which are dropped here: the gateway reads none.
/// A longer line is reported once and discarded whole, up to its line end, so nothing of it is ever cut
/// short and acted on; a line that is not UTF-8 is reported instead of returned.
struct IRCLineDecoder {
    /// What one line of the stream was.
    enum Line: Equatable {
        /// A line's message part, without tags or line end.
        case message([UInt8])
        /// Over the length limits: discarded.
        case tooLong
        /// Not UTF-8: discarded. `command` is the line's command if it is ASCII, else `*` (for the `FAIL` reply).
        case invalidUTF8(command: String)
    }

    /// The most bytes a line's message part may take, with its CR LF (RFC 1459 §2.3).
    static let maximumMessageBytes = 512
    /// The most bytes its tags may take, with the `@` and the space after them (IRCv3 message tags).
    static let maximumTagBytes = 8191

    private var pending: [UInt8] = []
    /// Inside a line already reported too long: everything up to its line end is dropped.
    private var discarding = false

    /// Feeds `bytes` and hands every whole line to `each`, which returns `false` to stop (the connection closed).
    mutating func decode(_ bytes: ByteBuffer, _ each: (Line) -> Bool) {
        for byte in bytes.readableBytesView {
            guard byte == UInt8(ascii: "\n") else {
                guard !self.discarding else { continue }
                self.pending.append(byte)
                if self.pending.count > Self.maximumTagBytes + Self.maximumMessageBytes {
                    // No line end in sight: report now, so the buffer stays bounded.
                    self.pending.removeAll(keepingCapacity: true)
                    self.discarding = true
                    if !each(.tooLong) { return }
                }
                continue
            }
            if self.discarding {
                self.discarding = false
                continue
            }
            let line = self.pending
            self.pending.removeAll(keepingCapacity: true)
            guard let decoded = Self.line(line) else { continue }
            if !each(decoded) { return }
        }
    }

    /// The command word of a line that is not UTF-8, if it is letters or digits; `*` otherwise.
    static func command(of message: ArraySlice<UInt8>) -> String {
        var words = message.split(separator: UInt8(ascii: " ")).makeIterator()
        var word = words.next()
        if word?.first == UInt8(ascii: ":") { word = words.next() }
        guard let word, !word.isEmpty, word.count <= 32,
            word.allSatisfy({ $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber) })
        else { return "*" }
        return String(decoding: word, as: UTF8.self).uppercased()
    }

    /// The line whose bytes (without LF) are `bytes`; `nil` for an empty line, which IRC ignores.
    static func line(_ bytes: [UInt8]) -> Line? {
        var end = bytes.endIndex
        if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = 0
        if bytes.first == UInt8(ascii: "@") {
            guard let space = bytes[..<end].firstIndex(of: UInt8(ascii: " ")) else {
                return end > Self.maximumTagBytes ? .tooLong : nil  // tags and no command
            }
            guard space + 1 <= Self.maximumTagBytes else { return .tooLong }
            start = space + 1
            while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        }
        let message = bytes[start..<end]
        // Counted as if it ended with CR LF, whichever line end it had.
        guard message.count + 2 <= Self.maximumMessageBytes else { return .tooLong }
        guard message.withUnsafeBytes(UTF8Validation.isValid) else { return .invalidUTF8(command: Self.command(of: message)) }
        guard message.contains(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        return .message(Array(message))
    }
}
