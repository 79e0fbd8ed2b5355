import Testing

@testable import Gateway

@Suite struct IRCTextTests {
    static func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func formattingCodesAreRemovedAndAColourTakesItsDigits() {
        let text = "\u{2}bold\u{2} \u{3}04,12red\u{3} \u{3}7x \u{3},5 \u{1D}i\u{1F}u\u{1E}s\u{11}m\u{16}r\u{F}"
        #expect(String(decoding: IRCText.strippingFormatting(Self.bytes(text)), as: UTF8.self) == "bold red x ,5 iusmr")
    }

    @Test func otherControlCharactersStayForTheTextRuleToRefuse() {
        #expect(IRCText.strippingFormatting(Self.bytes("a\u{7}b")) == Array("a\u{7}b".utf8))
    }

    @Test func eachLineOfATextIsALineAndBlankOnesAreLeftOut() {
        let lines = IRCText.lines(Self.bytes("one\r\ntwo\n\n  \nthree\rfour"), limit: 100).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines == ["one", "two", "three", "four"])
    }

    @Test func aLongLineIsCutAtASpaceNearTheEndAndNothingIsLost() {
        let line = Self.bytes(String(repeating: "word ", count: 50))
        let pieces = IRCText.pieces(line, limit: 64)
        #expect(pieces.allSatisfy { $0.count <= 64 })
        #expect(pieces.dropLast().allSatisfy { $0.last == UInt8(ascii: " ") }, "each cut comes after a space")
        #expect(Array(pieces.joined()) == Array(line))
    }

    @Test(arguments: [4, 5, 7, 13, 64, 100])
    func aLineIsNeverCutInsideAUTF8Character(limit: Int) {
        let line = Self.bytes(String(repeating: "é日🎉a", count: 40))
        let pieces = IRCText.pieces(line, limit: limit)
        #expect(pieces.allSatisfy { $0.count <= limit && String(validating: Array($0), as: UTF8.self) != nil })
        #expect(Array(pieces.joined()) == Array(line))
    }

    @Test func aLineWithoutSpacesIsCutAtTheLimit() {
        let pieces = IRCText.pieces(Self.bytes(String(repeating: "x", count: 130)), limit: 50)
        #expect(pieces.map(\.count) == [50, 50, 30])
    }
}
