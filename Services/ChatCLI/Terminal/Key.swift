/// A key press, decoded from the bytes a terminal sends.
public enum Key: Sendable, Equatable {
    case text(String)
    case enter
    case backspace
    case delete
    case left, right, up, down, home, end
    /// Ctrl-U, Ctrl-K, Ctrl-W.
    case deleteToStart, deleteToEnd, deleteWord
    /// Ctrl-L: draw the prompt again.
    case redraw
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D (on an empty line: leave).
    case endOfInput
    case tab
}

/// Turns terminal input bytes into keys: UTF-8 text, control keys and escape sequences.
///
/// Feed it whatever `read(2)` returned; a sequence split across reads is kept until complete.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        self.pending += bytes
        var keys: [Key] = []
        var index = 0
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty {
                keys.append(.text(String(decoding: text, as: UTF8.self)))
                text = []
            }
        }
        while index < self.pending.count {
            let byte = self.pending[index]
            switch byte {
            case 0x1B:
                guard let (key, length) = Self.escape(self.pending[index...]) else {
                    // Incomplete: wait for the rest.
                    flushText()
                    self.pending.removeFirst(index)
                    return keys
                }
                flushText()
                if let key { keys.append(key) }
                index += length
                continue
            case 0x0D, 0x0A:
                flushText()
                keys.append(.enter)
            case 0x7F, 0x08:
                flushText()
                keys.append(.backspace)
            case 0x01:
                flushText()
                keys.append(.home)
            case 0x05:
                flushText()
                keys.append(.end)
            case 0x02:
                flushText()
                keys.append(.left)
            case 0x06:
                flushText()
                keys.append(.right)
            case 0x10:
                flushText()
                keys.append(.up)
            case 0x0E:
                flushText()
                keys.append(.down)
            case 0x15:
                flushText()
                keys.append(.deleteToStart)
            case 0x0B:
                flushText()
                keys.append(.deleteToEnd)
            case 0x17:
                flushText()
                keys.append(.deleteWord)
            case 0x0C:
                flushText()
                keys.append(.redraw)
            case 0x03:
                flushText()
                keys.append(.interrupt)
            case 0x04:
                flushText()
                keys.append(.endOfInput)
            case 0x09:
                flushText()
                keys.append(.tab)
            case 0x00..<0x20: break  // other control bytes are ignored
            default:
                // A UTF-8 sequence: take it whole, or wait for the rest of it.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard index + length <= self.pending.count else {
                    flushText()
                    self.pending.removeFirst(index)
                    return keys
                }
                text += self.pending[index..<index + length]
                index += length
                continue
            }
            index += 1
        }
        flushText()
        self.pending.removeAll()
        return keys
    }

    /// Decodes an escape sequence at the start of `bytes`: the key (nil if unknown) and its length;
    /// `nil` if it may still be incomplete.
    private static func escape(_ bytes: ArraySlice<UInt8>) -> (Key?, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let introducer = bytes[start + 1]
        guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else { return (nil, 2) }
        // Parameters, then one final byte in 0x40...0x7E.
        var end = start + 2
        while end < bytes.endIndex, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
        guard end < bytes.endIndex else { return bytes.count > 16 ? (nil, bytes.count) : nil }
        let final = bytes[end]
        let parameter = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        let length = end - start + 1
        switch (final, parameter) {
        case (UInt8(ascii: "A"), _): return (.up, length)
        case (UInt8(ascii: "B"), _): return (.down, length)
        case (UInt8(ascii: "C"), _): return (.right, length)
        case (UInt8(ascii: "D"), _): return (.left, length)
        case (UInt8(ascii: "H"), _): return (.home, length)
        case (UInt8(ascii: "F"), _): return (.end, length)
        case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): return (.home, length)
        case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): return (.end, length)
        case (UInt8(ascii: "~"), "3"): return (.delete, length)
        default: return (nil, length)
        }
    }
}
