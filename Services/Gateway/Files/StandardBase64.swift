/// Base64 with the standard alphabet and padding (RFC 4648, section 4): how `chunk` and `file_data`
/// frames carry body bytes.
///
/// Written out, like `Base64URL`, so that a chunk's text decodes straight into its bytes (Foundation's
/// decoder makes a `Data` first). Decoding is strict, so that every byte string has exactly one text: only
/// the 64 letters, whole groups of four, `=` only as the last one or two, and no stray bits before it.
enum StandardBase64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let padding = UInt8(ascii: "=")

    /// The value of each ASCII letter, 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, letter) in Self.alphabet.enumerated() { values[Int(letter)] = UInt8(value) }
        return values
    }()

    /// The most bytes `count` letters decode to.
    static func decodedCapacity(letters count: Int) -> Int { count / 4 * 3 }

    /// The bytes `text` decodes to if it is base64 (what a chunk is paced by before it is decoded), without decoding it.
    static func decodedCount(_ text: String) -> Int {
        let padding = text.utf8.reversed().prefix(2).prefix { $0 == Self.padding }.count
        return max(0, Self.decodedCapacity(letters: text.utf8.count) - padding)
    }

    /// The bytes of a base64 text, or `nil` if it is not one.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { Self.decode(letters: $0) }
    }

    /// The bytes of base64 letters (as UTF-8), or `nil` if they are not base64.
    static func decode(letters: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard letters.count % 4 == 0 else { return nil }
        guard letters.count > 0 else { return [] }
        let padded = letters[letters.count - 1] == Self.padding ? (letters[letters.count - 2] == Self.padding ? 2 : 1) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.decodedCapacity(letters: letters.count) - padded)
        let values = Self.values
        var index = 0
        while index < letters.count {
            let last = index + 4 == letters.count
            let a = values[Int(letters[index])]
            let b = values[Int(letters[index + 1])]
            let c = last && padded == 2 ? 0 : values[Int(letters[index + 2])]
            let d = last && padded >= 1 ? 0 : values[Int(letters[index + 3])]
            guard a | b | c | d < 64 else { return nil }  // 0xFF marks a byte outside the alphabet
            let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            bytes.append(UInt8(truncatingIfNeeded: group >> 16))
            if last && padded == 2 {
                guard b & 0x0F == 0 else { return nil }  // bits no byte uses
                break
            }
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
            if last && padded == 1 {
                guard c & 0x03 == 0 else { return nil }
                break
            }
            bytes.append(UInt8(truncatingIfNeeded: group))
            index += 4
        }
        return bytes
    }

    /// The base64 text of `bytes`, padded.
    static func encode(_ bytes: ArraySlice<UInt8>) -> String {
        var letters: [UInt8] = []
        letters.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = bytes.startIndex
        while index + 3 <= bytes.endIndex {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            letters.append(Self.alphabet[Int(group >> 18 & 0x3F)])
            letters.append(Self.alphabet[Int(group >> 12 & 0x3F)])
            letters.append(Self.alphabet[Int(group >> 6 & 0x3F)])
            letters.append(Self.alphabet[Int(group & 0x3F)])
            index += 3
        }
        let rest = bytes.endIndex - index
        if rest > 0 {
            let group = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            letters.append(Self.alphabet[Int(group >> 18 & 0x3F)])
            letters.append(Self.alphabet[Int(group >> 12 & 0x3F)])
            letters.append(rest == 2 ? Self.alphabet[Int(group >> 6 & 0x3F)] : Self.padding)
            letters.append(Self.padding)
        }
        return String(decoding: letters, as: UTF8.self)
    }
}
