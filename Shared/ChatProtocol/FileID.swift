/// A file body's id in the relay's store (docs/PROTOCOL.md, "Files"): 16 random bytes the relay draws,
/// written as 32 lowercase hex digits. Knowing it is what lets a member of the room download the body.
public struct FileID: Sendable, Hashable, CustomStringConvertible {
    public static let byteCount = 16

    public let bytes: [UInt8]

    /// `bytes` as an id; `nil` unless there are exactly 16.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    /// Reads 32 lowercase hex digits; `nil` for anything else (upper case included: one id, one spelling).
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * Self.byteCount else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.value(of: digits[index]), let low = Self.value(of: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// A fresh random id.
    public static func random() -> FileID {
        var generator = SystemRandomNumberGenerator()
        return FileID(bytes: (0..<Self.byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })!
    }

    /// The 32 hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * Self.byteCount)
        for byte in self.bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { self.hex }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
