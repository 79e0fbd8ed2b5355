import AsyncSignals
import Logging
import ServiceLifecycle

/// Asks tunnel agents (ngrok, cloudflared) for their public URL, and announces it when it appears or changes.
///
/// Every agent API is polled every 2 seconds until one answers, then every 30 seconds (a restarted
/// agent may get a new URL). Agents that are not running (their compose profile is off) just do not
/// answer; that is logged at debug level only.
struct TunnelDiscovery: Service {
    let apis: [String]
    let address: PublicAddress
    let logger: Logger
    let announce: @Sendable (PublicAddress.Value) -> Void
    /// Fired once the server listens: the public address is announced after the gateway's own.
    let serverRunning: AsyncSignal

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.serverRunning.wait()
            var found = false
            while !Task.isCancelled {
                for api in self.apis {
                    do {
                        let response = try await HTTPFetcher.get(api)
                        guard response.status == 200, let (url, agent) = TunnelAgentResponse.publicURL(in: response.body) else { continue }
                        found = true
                        if self.address.tunnel(url, source: agent) {
                            let value = self.address.current
                            self.logger.notice("public URL", metadata: ["url": "\(value.webSocket)", "page": "\(value.page)", "agent": "\(agent)"])
                            self.announce(value)
                        }
                        break
                    } catch {
                        self.logger.debug("tunnel agent not answering", metadata: ["api": "\(api)", "error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: found ? .seconds(30) : .seconds(2))
            }
        }
    }
}
