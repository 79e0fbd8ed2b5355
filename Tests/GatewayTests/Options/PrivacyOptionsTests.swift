import ArgumentParser
import Foundation
import Testing

@testable import Gateway

#if canImport(Glibc)
import Glibc
#endif

/// `--bot-token-file` (`CHAT_BOT_TOKEN_FILE`) turned into the configuration's bots, without starting a process.
///
/// A suite inside ``GatewayOptionsTests``: parsing reads every `CHAT_*` variable, which those tests set, so the
/// two must never run at the same time (the process has one environment).
extension GatewayOptionsTests {
    @Suite struct PrivacyOptionsTests {
        static let token = String(repeating: "t", count: 32)

        static func withTokenFile(_ text: String, mode: Int = 0o600, _ body: (String) throws -> Void) throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bots-\(UInt64.random(in: 0...UInt64.max))").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try body(path)
        }

        @Test func withoutAFileThereAreNoBots() throws {
            #expect(try GatewayOptions.parse([]).configuration().botTokens.bots.isEmpty)
        }

        @Test func theFileComesFromTheFlagOrTheVariable() throws {
            try Self.withTokenFile("ci:\(Self.token)\n") { path throws in
                #expect(try GatewayOptions.parse(["--bot-token-file", path]).configuration().botTokens.name(for: Self.token) == "ci")
                setenv("CHAT_BOT_TOKEN_FILE", path, 1)
                defer { unsetenv("CHAT_BOT_TOKEN_FILE") }
                #expect(try GatewayOptions.parse([]).configuration().botTokens.name(for: Self.token) == "ci")
            }
        }

        @Test func aFileOthersMayReadOrAMalformedOneIsRefusedNamingWhy() throws {
            try Self.withTokenFile("ci:\(Self.token)\n", mode: 0o644) { path throws in
                let error = #expect(throws: ValidationError.self) { try GatewayOptions.parse(["--bot-token-file", path]).configuration() }
                #expect(error?.message.contains("chmod 600 \(path)") == true, "\(String(describing: error?.message))")
            }
            try Self.withTokenFile("ci:\(Self.token)\nci:\(String(repeating: "u", count: 32))\n") { path throws in
                let error = #expect(throws: ValidationError.self) { try GatewayOptions.parse(["--bot-token-file", path]).configuration() }
                #expect(error?.message == "bot token file (\(path), line 2): the name ci is given twice")
            }
        }
    }
}
