/// Base64url without padding (RFC 4648, section 5): the alphabet of `e2e1:` texts and generated access keys.
///
/// Written out rather than borrowed from Foundation, whose decoder wants padding and the `+/` alphabet.
/// Decoding is strict, so that every byte string has exactly one text: only the 64 letters, no `=`,
/// no length that no byte string has, and no stray bits in the last letter.
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each ASCII letter, 0xFF for bytes outside the alphabet.
    static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, letter) in Self.alphabet.enumerated() { values[Int(letter)] = UInt8(value) }
        return values
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var letters: [UInt8] = []
        letters.reserveCapacity((bytes.count * 4 + 2) / 3)
        var bits: UInt32 = 0
        var count = 0
        for byte in bytes {
            bits = bits << 8 | UInt32(byte)
            count += 8
            while count >= 6 {
                count -= 6
                letters.append(Self.alphabet[Int(bits >> UInt32(count) & 0x3F)])
            }
        }
        if count > 0 { letters.append(Self.alphabet[Int(bits << UInt32(6 - count) & 0x3F)]) }
        return String(decoding: letters, as: UTF8.self)
    }

    /// The bytes of a base64url text, or `nil` if it is not one.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Self.decode(letters: text.utf8)
    }

    /// The bytes of base64url letters (as UTF-8), or `nil` if they are not base64url.
    public static func decode(letters: some Collection<UInt8>) -> [UInt8]? {
        guard letters.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(letters.count * 3 / 4)
        var bits: UInt32 = 0
        var count = 0
        for letter in letters {
            let value = Self.values[Int(letter)]
            guard value != 0xFF else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8(bits >> UInt32(count) & 0xFF))
            }
        }
        // The last letter's unused low bits must be zero.
        guard bits & ((1 << UInt32(count)) - 1) == 0 else { return nil }
        return bytes
    }
}
