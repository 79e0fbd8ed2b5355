import Testing

@testable import Gateway

@Suite struct UTF8ValidationTests {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes(UTF8Validation.isValid)
    }

    @Test(arguments: ["", "plain ASCII, longer than eight bytes", "é", "€ and 😀 inside ASCII text", "\u{10FFFF}", "\u{D7FF}\u{E000}"])
    func wellFormedTextIsValid(text: String) {
        #expect(Self.isValid(Array(text.utf8)))
    }

    @Test(
        arguments: [
            [0x80],  // a continuation byte alone
            [0xC0, 0xAF],  // overlong "/"
            [0xC3],  // a lead byte at the end
            [0xE0, 0x80, 0xAF],  // overlong
            [0xED, 0xA0, 0x80],  // a surrogate
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],
            [0xE2, 0x82],  // "€" cut short
            Array("12345678".utf8) + [0xFF],  // after the ASCII fast path
        ] as [[UInt8]]
    )
    func malformedBytesAreNot(bytes: [UInt8]) {
        #expect(!Self.isValid(bytes))
    }

    @Test func itAgreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            // Mostly bytes that make up multi-byte sequences, so that the interesting cases come up.
            let bytes = (0..<length).map { _ in UInt8.random(in: 0x7E...0xF5, using: &generator) }
            #expect(Self.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}
