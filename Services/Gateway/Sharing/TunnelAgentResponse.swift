#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a tunnel agent's local API says about its public address.
///
/// - ngrok: `GET http://ngrok:4040/api/tunnels` → `{"tunnels": [{"public_url": "https://….ngrok-free.app", "proto": "https"}]}`
/// - cloudflared: `GET http://cloudflared:2000/quicktunnel` → `{"hostname": "….trycloudflare.com"}`
enum TunnelAgentResponse {
    private struct Ngrok: Decodable {
        struct Tunnel: Decodable {
            let publicURL: String
            enum CodingKeys: String, CodingKey { case publicURL = "public_url" }
        }
        let tunnels: [Tunnel]
    }

    private struct Cloudflared: Decodable {
        let hostname: String
    }

    /// The public HTTPS URL and the agent's name, if the body is one of the known answers and names one.
    static func publicURL(in body: [UInt8]) -> (url: String, agent: String)? {
        let data = Data(body)
        if let ngrok = try? JSONDecoder().decode(Ngrok.self, from: data) {
            let https = ngrok.tunnels.first { $0.publicURL.hasPrefix("https://") } ?? ngrok.tunnels.first
            return https.map { ($0.publicURL, "ngrok") }
        }
        if let cloudflared = try? JSONDecoder().decode(Cloudflared.self, from: data), !cloudflared.hostname.isEmpty {
            return ("https://" + cloudflared.hostname, "cloudflared")
        }
        return nil
    }
}
