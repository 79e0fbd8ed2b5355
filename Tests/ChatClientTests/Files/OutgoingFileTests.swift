import ChatClient
import Foundation
import Testing

/// Reading a file to send: its name, its type, and the limits checked before it is read whole.
@Suite struct OutgoingFileTests {
    /// A file of `bytes` in a fresh directory, named `name`; its path.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outgoing-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileIsReadWithItsBaseNameAndTheTypeItsExtensionSuggests() throws {
        let path = try Self.file("Holiday Photo.JPG", [1, 2, 3])
        let file = try OutgoingFile(reading: path, maximumBytes: 3)
        #expect(file == OutgoingFile(name: "Holiday Photo.JPG", type: "image/jpeg", bytes: [1, 2, 3]))
    }

    @Test func aFileOverTheLimitIsRefusedWithBothSizes() throws {
        let path = try Self.file("big.bin", [UInt8](repeating: 7, count: 3 * 1024 * 1024))
        let problem = #expect(throws: FileProblem.self) { try OutgoingFile(reading: path, maximumBytes: 1024 * 1024) }
        #expect(problem?.description == "big.bin is too large to send (3.0 MiB): this server takes files of at most 1.0 MiB")
    }

    @Test func anEmptyFileADirectoryAndAMissingFileAreRefused() throws {
        let empty = try Self.file("empty.txt", [])
        #expect(throws: FileProblem("empty.txt is empty: there is nothing to send")) { try OutgoingFile(reading: empty, maximumBytes: 10) }
        let directory = String(empty.prefix(upTo: empty.lastIndex(of: "/")!))
        #expect(throws: FileProblem("\(directory) is not a file")) { try OutgoingFile(reading: directory, maximumBytes: 10) }
        #expect(throws: FileProblem("cannot read \(directory)/none: No such file or directory")) {
            try OutgoingFile(reading: directory + "/none", maximumBytes: 10)
        }
    }

    @Test func theTypeIsGuessedFromCommonExtensionsOnly() {
        #expect(MediaType.guessed(fromName: "cat.png") == "image/png")
        #expect(MediaType.guessed(fromName: "notes.tar.gz") == "application/gzip")
        #expect(MediaType.guessed(fromName: "README") == "application/octet-stream")
        #expect(MediaType.guessed(fromName: ".png") == "application/octet-stream", "a dot file has no extension")
        #expect(MediaType.guessed(fromName: "x.unheardof") == "application/octet-stream")
    }

    @Test func aNameIsMadeSafeForTheMetadata() {
        #expect(OutgoingFile(name: "a\u{7}b.txt", bytes: [1]).name == "ab.txt")
    }
}
