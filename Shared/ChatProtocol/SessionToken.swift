/// The secret that ties a client's reconnections together: 32 lowercase hex digits (128 random bits).
///
/// The welcome hands it out; a client that presents it again in `hello` is recognised as the same
/// session: it may take its name back from a connection the server has not yet seen drop, and a
/// message it resends with the same id is not delivered twice.
public struct SessionToken: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ value: String) {
        guard value.utf8.count == 32, value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        self.value = value
    }

    /// A fresh random token.
    public static func random() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return SessionToken(hex(high) + hex(low))!
    }

    public var description: String { self.value }
}
