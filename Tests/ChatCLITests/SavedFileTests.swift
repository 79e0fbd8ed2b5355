import Foundation
import Testing

@testable import ChatCLI

/// Writing a saved file: where it goes, and never over anything.
@Suite struct SavedFileTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: [
        ("cat.png", 1, "cat (1).png"),
        ("cat.png", 2, "cat (2).png"),
        ("archive.tar.gz", 1, "archive.tar (1).gz"),
        ("notes", 3, "notes (3)"),
        (".profile", 1, ".profile (1)"),
        ("dir.d/notes", 1, "dir.d/notes (1)"),
        ("cat.png", 0, "cat.png"),
    ])
    func aTakenNameGetsANumberBeforeItsExtension(path: String, attempt: Int, numbered: String) {
        #expect(SavedFile.numbered(path, attempt: attempt) == numbered)
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let directory = try Self.directory()
        let path = directory + "/cat.png"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SavedFile.save(Array("first".utf8), to: path) == directory + "/cat (1).png")
        #expect(try SavedFile.save(Array("second".utf8), to: path) == directory + "/cat (2).png")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
        #expect(try String(contentsOfFile: directory + "/cat (2).png", encoding: .utf8) == "second")
    }

    @Test func aSymbolicLinkAtTheNameIsNotFollowed() throws {
        let directory = try Self.directory()
        let target = directory + "/target"
        try FileManager.default.createSymbolicLink(atPath: directory + "/cat.png", withDestinationPath: target)
        #expect(try SavedFile.save(Array("x".utf8), to: directory + "/cat.png") == directory + "/cat (1).png")
        #expect(!FileManager.default.fileExists(atPath: target), "nothing written through the link")
    }

    @Test func aSavedFileIsReadableButNotWritableByOthers() throws {
        let path = try SavedFile.save([1], to: try Self.directory() + "/a.bin")
        let permissions = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(permissions & 0o022 == 0 && permissions & 0o400 != 0)
    }

    @Test func theDestinationIsTheGivenPathIntoADirectoryOrTheCurrentOne() throws {
        let directory = try Self.directory()
        #expect(SavedFile.destination(for: "cat.png", path: nil, current: "/work") == "/work/cat.png")
        #expect(SavedFile.destination(for: "cat.png", path: directory, current: "/work") == directory + "/cat.png")
        #expect(SavedFile.destination(for: "cat.png", path: "/nowhere/", current: "/work") == "/nowhere/cat.png")
        #expect(SavedFile.destination(for: "cat.png", path: directory + "/kitty.png", current: "/work") == directory + "/kitty.png")
    }

    @Test func aTildeIsTheHomeDirectory() {
        #expect(LocalPath.expanded("~/Downloads/a.png", home: "/home/amy") == "/home/amy/Downloads/a.png")
        #expect(LocalPath.expanded("~", home: "/home/amy") == "/home/amy")
        #expect(LocalPath.expanded("~bob/a.png", home: "/home/amy") == "~bob/a.png")
        #expect(LocalPath.expanded("a~/b", home: "/home/amy") == "a~/b")
    }

    @Test func aFileThatCannotBeWrittenSaysWhere() {
        #expect(throws: SavedFile.Problem(description: "cannot write /nonexistent-dir/a.bin: No such file or directory")) {
            try SavedFile.save([1], to: "/nonexistent-dir/a.bin")
        }
    }
}
