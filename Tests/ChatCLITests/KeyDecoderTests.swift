import ChatCLI
import Testing

@Suite struct KeyDecoderTests {
    @Test func controlKeysAndEscapeSequencesBecomeKeys() {
        var decoder = KeyDecoder()
        let keys = decoder.decode(
            Array("ab\u{1B}[D\u{1B}[C\u{1B}[A\u{1B}[B\u{1B}[H\u{1B}[F\u{1B}[3~\u{1B}OH\r".utf8) + [0x7F, 0x03, 0x04, 0x15, 0x17, 0x0B]
        )
        #expect(
            keys == [
                .text("ab"), .left, .right, .up, .down, .home, .end, .delete, .home, .enter, .backspace, .interrupt, .endOfInput, .deleteToStart,
                .deleteWord, .deleteToEnd,
            ]
        )
    }

    @Test func sequencesAndCharactersSplitAcrossReadsAreJoined() {
        var decoder = KeyDecoder()
        let euro = Array("€".utf8)
        #expect(decoder.decode([0x1B, UInt8(ascii: "[")]) == [])
        #expect(decoder.decode([UInt8(ascii: "D"), euro[0]]) == [.left])
        #expect(decoder.decode(euro[1...]) == [.text("€")])
    }

    @Test func unknownSequencesAreSkipped() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("\u{1B}[200~x".utf8)) == [.text("x")])
    }
}
