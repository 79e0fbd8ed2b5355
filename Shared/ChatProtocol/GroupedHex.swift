/// Bytes as hex digits in groups of 4 (`95c5 9d43 39d0 b772`): how fingerprints are shown to people.
public enum GroupedHex {
    public static func text(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var letters: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if index > 0 && index % 2 == 0 { letters.append(UInt8(ascii: " ")) }
            letters += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
        }
        return String(decoding: letters, as: UTF8.self)
    }
}
