import ChatCLI
import Foundation
import Testing

@Suite struct SecretTests {
    @Test(arguments: ["0123456789abcdef", "A-Z_a.z~0123456789", String(repeating: "k", count: 128)])
    func wellFormedAccessKeysAreAccepted(key: String) throws {
        #expect(try Secret.accessKey(key, from: "--key") == key)
    }

    @Test(arguments: ["short", "has a space in it!!", "line\nbreak-0123456789", "ünïcode-0123456789", String(repeating: "k", count: 129)])
    func malformedAccessKeysAreRefusedWithoutBeingShown(key: String) {
        let problem = #expect(throws: Secret.Problem.self) { try Secret.accessKey(key, from: "--key") }
        #expect(problem?.description.contains(key) == false)
        #expect(problem?.description.contains("--key") == true)
    }

    @Test func aSecretFileLosesOnlyItsFinalLineBreak() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secret-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (content, expected) in [("pass phrase \n", "pass phrase "), ("windows\r\n", "windows"), ("two\nlines\n", "two\nlines"), ("none", "none")]
        {
            let file = directory.appendingPathComponent("secret")
            try Data(content.utf8).write(to: file)
            #expect(try Secret.read(file: file.path, what: "passphrase") == expected)
        }
        let empty = directory.appendingPathComponent("empty")
        try Data("\n".utf8).write(to: empty)
        #expect(throws: Secret.Problem.self) { try Secret.read(file: empty.path, what: "passphrase") }
        #expect(throws: Secret.Problem.self) { try Secret.read(file: directory.appendingPathComponent("missing").path, what: "passphrase") }
    }
}
