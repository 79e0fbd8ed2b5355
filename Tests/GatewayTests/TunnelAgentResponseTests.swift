import Foundation
import Testing

@testable import Gateway

/// The tunnel agents' answers, recorded in Tests/Fixtures/tunnel.
@Suite struct TunnelAgentResponseTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tunnel/\(name)")
        return Array(try Data(contentsOf: url))
    }

    @Test func ngrokTellsItsHTTPSURL() throws {
        let found = TunnelAgentResponse.publicURL(in: try Self.fixture("ngrok-api-tunnels.json"))
        #expect(found?.url == "https://5b1c-203-0-113-7.ngrok-free.app" && found?.agent == "ngrok")
    }

    @Test func cloudflaredTellsItsHostName() throws {
        let found = TunnelAgentResponse.publicURL(in: try Self.fixture("cloudflared-quicktunnel.json"))
        #expect(found?.url == "https://rarely-gentle-otter-fields.trycloudflare.com" && found?.agent == "cloudflared")
    }

    @Test func anAgentWithoutATunnelYetOrAnythingElseTellsNothing() {
        #expect(TunnelAgentResponse.publicURL(in: Array(#"{"tunnels":[],"uri":"/api/tunnels"}"#.utf8)) == nil)
        #expect(TunnelAgentResponse.publicURL(in: Array("<html>".utf8)) == nil)
        #expect(TunnelAgentResponse.publicURL(in: Array(#"{"hostname":""}"#.utf8)) == nil)
    }

    @Test func aTunnelURLBecomesThePageAndWebSocketURLs() {
        let address = PublicAddress(webSocket: "")
        address.fallBack(toWebSocket: "ws://localhost:8000/ws")
        #expect(address.current == .init(page: "http://localhost:8000/", webSocket: "ws://localhost:8000/ws", source: "configured"))
        #expect(address.tunnel("https://abc.ngrok.app/", source: "ngrok"))
        #expect(!address.tunnel("https://abc.ngrok.app", source: "ngrok"), "unchanged")
        #expect(address.current == .init(page: "https://abc.ngrok.app/", webSocket: "wss://abc.ngrok.app/ws", source: "ngrok"))
    }
}
