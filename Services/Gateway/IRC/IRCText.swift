/// Text between IRC and the chat: formatting codes out of what IRC clients send, and the chat's texts cut
/// into lines that fit IRC's 512 bytes (docs/PROTOCOL.md, "Commands" and "What IRC clients see").
enum IRCText {
    /// mIRC's formatting codes: bold, italic, underline, strike, monospace, reverse, reset (colour is `\x03`).
    private static let formatting: Set<UInt8> = [0x02, 0x1D, 0x1F, 0x1E, 0x11, 0x16, 0x0F]
    private static let colour: UInt8 = 0x03

    /// `text` without IRC's formatting codes; a colour code takes its digits (`\x0304,12`) with it.
    static func strippingFormatting(_ text: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var bytes = Array(text)[...]
        while let byte = bytes.popFirst() {
            if Self.formatting.contains(byte) { continue }
            guard byte == Self.colour else {
                result.append(byte)
                continue
            }
            // A background needs a foreground: `\x03,5` is no colour but a comma and a 5.
            guard Self.dropDigits(&bytes) else { continue }
            if bytes.first == UInt8(ascii: ","), bytes.dropFirst().first.map(Self.isDigit) == true {
                bytes.removeFirst()
                Self.dropDigits(&bytes)
            }
        }
        return result
    }

    /// Up to two digits of a colour code; whether there was one.
    @discardableResult
    private static func dropDigits(_ bytes: inout ArraySlice<UInt8>) -> Bool {
        var dropped = false
        for _ in 0..<2 {
            guard let first = bytes.first, Self.isDigit(first) else { break }
            bytes.removeFirst()
            dropped = true
        }
        return dropped
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// The lines of `text` as IRC carries them: one per line of the text (blank ones left out, since IRC
    /// cannot send an empty message), each cut into pieces of at most `limit` bytes.
    static func lines(_ text: ArraySlice<UInt8>, limit: Int) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var rest = text
        while !rest.isEmpty {
            let end = rest.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? rest.endIndex
            let line = rest[..<end]
            if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
                lines += Self.pieces(line, limit: limit)
            }
            rest = rest[end...]
            if rest.first == UInt8(ascii: "\r") { rest.removeFirst() }
            if rest.first == UInt8(ascii: "\n") { rest.removeFirst() }
        }
        return lines
    }

    /// `line` cut into pieces of at most `limit` bytes whose concatenation is `line`: after a space in the
    /// last quarter of a piece if there is one, else at the last character boundary (never inside a UTF-8
    /// character).
    static func pieces(_ line: ArraySlice<UInt8>, limit: Int) -> [ArraySlice<UInt8>] {
        precondition(limit >= 4, "a piece must hold any UTF-8 character")
        var pieces: [ArraySlice<UInt8>] = []
        var rest = line
        while rest.count > limit {
            var cut = rest.startIndex + limit
            while Self.isContinuation(rest[cut]) { cut -= 1 }
            let nearEnd = rest.index(cut, offsetBy: -limit / 4)
            if let space = rest[nearEnd..<cut].lastIndex(of: UInt8(ascii: " ")), space > rest.startIndex {
                cut = space + 1
            }
            pieces.append(rest[..<cut])
            rest = rest[cut...]
        }
        if !rest.isEmpty { pieces.append(rest) }
        return pieces
    }

    /// A byte inside a UTF-8 character, not its first.
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
