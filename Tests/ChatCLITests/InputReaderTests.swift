import Testing

@testable import ChatCLI

/// The lines of these chunks of input, as ``InputReader/Lines`` cuts them.
private func lines(of chunks: [String]) async -> [String] {
    let (bytes, continuation) = AsyncStream.makeStream(of: [UInt8].self)
    for chunk in chunks { continuation.yield(Array(chunk.utf8)) }
    continuation.finish()
    var lines: [String] = []
    for await line in InputReader.Lines(bytes: bytes) { lines.append(line) }
    return lines
}

@Suite struct InputReaderTests {
    @Test func aLineSplitAcrossReadsComesOutWhole() async {
        #expect(await lines(of: ["hel", "lo\nwor", "ld\n"]) == ["hello", "world"])
    }

    @Test func lineBreaksMayBeCRLFAndEmptyLinesCount() async {
        #expect(await lines(of: ["one\r\n\ntwo\r\n"]) == ["one", "", "two"])
    }

    @Test func theLastLineNeedsNoLineBreak() async {
        #expect(await lines(of: ["first\nlast"]) == ["first", "last"])
        #expect(await lines(of: []) == [])
    }

    @Test func aCharacterSplitAcrossReadsIsDecodedWhole() async {
        let bytes = Array("é\n".utf8)
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        continuation.yield([bytes[0]])
        continuation.yield(Array(bytes[1...]))
        continuation.finish()
        var lines: [String] = []
        for await line in InputReader.Lines(bytes: stream) { lines.append(line) }
        #expect(lines == ["é"])
    }

    @Test func cancellingTheReaderEndsTheLines() async {
        let (bytes, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        continuation.yield(Array("kept\nunfinished".utf8))
        await withTaskGroup(of: [String].self) { group in
            group.addTask {
                var lines: [String] = []
                for await line in InputReader.Lines(bytes: bytes) {
                    lines.append(line)
                    withUnsafeCurrentTask { $0?.cancel() }
                }
                return lines
            }
            #expect(await group.next() == ["kept"])
        }
        continuation.finish()
    }
}
