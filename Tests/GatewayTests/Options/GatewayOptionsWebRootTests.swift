import Foundation
import Testing

@testable import Gateway

/// Where a gateway looks for its web GUI when no `--web-root` is given: beside an installed executable first.
struct GatewayOptionsWebRootTests {
    @Test func anInstalledGatewayFindsTheGUIInstalledBesideIt() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("webroot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let web = prefix.appendingPathComponent("share/private-chat/web")
        try FileManager.default.createDirectory(at: web, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let executable = prefix.appendingPathComponent("bin/chat-gateway").path
        #expect(FileManager.default.createFile(atPath: executable, contents: Data()))
        #expect(GatewayOptions.defaultWebRoot(executable: executable) == web.standardizedFileURL.resolvingSymlinksInPath().path)
    }

    @Test func withoutAnInstalledGUIItFallsBackToTheCheckoutsBuild() {
        let executable = "/nonexistent-\(UUID().uuidString)/bin/chat-gateway"
        let expected = GatewayConfiguration.isDirectory(GatewayOptions.builtWebRoot) ? GatewayOptions.builtWebRoot : nil
        #expect(GatewayOptions.defaultWebRoot(executable: executable) == expected)
    }
}
