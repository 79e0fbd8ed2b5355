import Foundation
import Testing

@testable import Gateway

/// `--bot-token-file` (docs/PROTOCOL.md, "Incoming webhooks", Credentials): what a line may hold, what
/// stops the gateway, naming the line, and a file others may read.
@Suite struct BotTokensTests {
    static let ciToken = String(repeating: "c", count: 64)
    static let deployToken = "deploy-token_0123.~x"

    static func refusal(_ text: String) -> BotTokenFileError? {
        do {
            _ = try BotTokens(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func eachLineNamesABotAndItsTokenAndCommentsAndBlankLinesAreIgnored() throws {
        let tokens = try BotTokens(parsing: "# CI and deploys\n\nci:\(Self.ciToken)\r\n  deploy bot : \(Self.deployToken)  \n   # indented comment\n")
        #expect(tokens.name(for: Self.ciToken) == "ci")
        #expect(tokens.name(for: Self.deployToken) == "deploy bot", "the name as the username rules trim it")
        #expect(tokens.name(for: Self.ciToken.uppercased()) == nil, "tokens are case-sensitive")
        #expect(tokens.name(for: "") == nil && tokens.name(for: Self.ciToken + "c") == nil)
    }

    @Test func aLineWithoutAColonStopsItNamingTheLine() {
        let error = Self.refusal("# bots\n\(Self.ciToken)\n")
        #expect(error?.line == 2 && error?.problem == "expected NAME:TOKEN")
    }

    @Test(arguments: [":\(ciToken)", "a\u{7}b:\(ciToken)", "\(String(repeating: "n", count: 33)):\(ciToken)", "bi\u{202E}di:\(ciToken)"])
    func aNameThatBreaksTheUsernameRulesStopsIt(line: String) {
        #expect(Self.refusal(line)?.line == 1)
        #expect(Self.refusal(line)?.problem.hasPrefix("username") == true)
    }

    @Test(arguments: [
        "ci:", "ci:short", "ci:\(String(repeating: "x", count: 129))", "ci:has space in it 0123456", "ci:slash/is/not/allowed/here",
        "ci:\(ciToken):more",
    ])
    func aTokenThatBreaksTheKeyRulesStopsIt(line: String) {
        let error = Self.refusal("ok:\(Self.deployToken)\n\(line)")
        #expect(error?.line == 2)
        #expect(error?.problem.hasPrefix("a token must") == true || error?.problem.hasPrefix("a token may") == true, "\(String(describing: error))")
    }

    @Test func aRepeatedNameInAnyCaseOrARepeatedTokenStopsIt() {
        #expect(Self.refusal("ci:\(Self.ciToken)\nCI:\(Self.deployToken)")?.line == 2)
        let repeated = Self.refusal("ci:\(Self.ciToken)\ndeploy:\(Self.ciToken)")
        #expect(repeated?.line == 2 && repeated?.problem.contains("another name") == true)
    }

    @Test func noMessageShowsAToken() {
        for text in ["ci:\(Self.ciToken)\ndeploy:\(Self.ciToken)", "ci:\(Self.ciToken)\nci:\(Self.deployToken)", "x:\(Self.ciToken) \u{1}"] {
            let description = Self.refusal(text).map(String.init(describing:)) ?? ""
            #expect(!description.contains(Self.ciToken) && !description.contains(Self.deployToken), "\(description)")
        }
    }

    @Test func theFileMustBeItsOwnersAloneAndIsReadWithItsLineNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bot-tokens-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bots").path
        try "\n\n# leading blank lines count\nci:\(Self.ciToken)\nbroken\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: BotTokenFileError.self) { try BotTokens.load(path: path) }
        do {
            _ = try BotTokens.load(path: path)
        } catch {
            #expect(error.description.contains("chmod 600"), "\(error)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        do {
            _ = try BotTokens.load(path: path)
            Issue.record("a malformed line was accepted")
        } catch {
            #expect(error.line == 5 && error.description.contains(path), "\(error)")
        }
        try "ci:\(Self.ciToken)\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try BotTokens.load(path: path).name(for: Self.ciToken) == "ci")
        #expect(throws: BotTokenFileError.self) { try BotTokens.load(path: directory.appendingPathComponent("missing").path) }
    }
}
