import ChatProtocol

/// The one-to-one mapping between usernames and IRC nicks (docs/PROTOCOL.md, "Names and channels").
///
/// A character IRC cannot carry in a nick becomes `\` and its byte in two uppercase hex digits; every
/// other one, UTF-8 included, passes unchanged. Only the exact encoding of a name decodes, so that no two
/// nicks are the same person.
enum IRCNick {
    /// Escaped anywhere in a nick: they separate prefixes, lists and masks, and `\` is the escape itself.
    private static let escapedAnywhere: Set<UInt8> = Set(" !@,*?\\".utf8)
    /// Escaped as the first character too: channel and status prefixes, and `-`, which clients read as an option.
    private static let escapedFirst: Set<UInt8> = Set("#&$+%~-".utf8)

    /// The nick of `name`.
    static func encode(_ name: String) -> String {
        var nick: [UInt8] = []
        nick.reserveCapacity(name.utf8.count)
        for (index, byte) in name.utf8.enumerated() {
            if Self.escapedAnywhere.contains(byte) || (index == 0 && Self.escapedFirst.contains(byte)) {
                nick.append(UInt8(ascii: "\\"))
                nick.append(Self.hexDigit(byte >> 4))
                nick.append(Self.hexDigit(byte & 0x0F))
            } else {
                nick.append(byte)
            }
        }
        return String(decoding: nick, as: UTF8.self)
    }

    /// The username a nick stands for, or why it stands for none (the reason a `432` gives).
    static func decode(_ nick: String) -> Result<UserName, Refusal> {
        var bytes: [UInt8] = []
        var iterator = Array(nick.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.popFirst().flatMap(Self.hexValue), let low = iterator.popFirst().flatMap(Self.hexValue) else {
                return .failure(Refusal(reason: "a \\ in a nick is followed by two hex digits (\\20 is a space)"))
            }
            bytes.append(high << 4 | low)
        }
        guard let name = String(validating: bytes, as: UTF8.self) else {
            return .failure(Refusal(reason: "the nick's escapes do not spell UTF-8 text"))
        }
        let valid: UserName
        do {
            valid = try UserName(validating: name)
        } catch {
            return .failure(Refusal(reason: error.description))
        }
        guard Self.encode(valid.value) == nick else {
            return .failure(Refusal(reason: "write this name as \(Self.encode(valid.value)): escape only what IRC cannot carry"))
        }
        return .success(valid)
    }

    /// Why a nick names nobody.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    /// Uppercase hex only: `\2c` would be a second spelling of `\2C`.
    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
