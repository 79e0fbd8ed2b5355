import HTTPTypes
import HummingbirdWSClient

extension ChatClient {
    /// A failure to connect, explained; a refused upgrade is asked about once more (``UpgradeProbe``),
    /// because the WebSocket library reports a missing access key like any other refusal.
    func explain(_ error: any Error) async -> ChatClientError {
        guard let error = error as? WebSocketClientError, error == .webSocketUpgradeFailed else {
            return Self.describe(error, url: self.configuration.url)
        }
        let answer = await UpgradeProbe.answer(url: self.configuration.url, headers: self.upgradeHeaders)
        return Self.describeRefusedUpgrade(answer, url: self.configuration.url, keyGiven: self.configuration.accessKey != nil)
    }

    /// A refused upgrade in words a user can act on; `answer` is the HTTP status, if the probe got one.
    static func describeRefusedUpgrade(_ answer: UpgradeProbe.Answer?, url: ServerURL, keyGiven: Bool) -> ChatClientError {
        switch answer?.status {
        case 401 where keyGiven:
            return ChatClientError(.accessKeyNeeded, "\(url) did not accept the access key (HTTP 401): it is wrong, or was changed")
        case 401:
            return ChatClientError(.accessKeyNeeded, "\(url) needs an access key (HTTP 401)")
        case 429:
            let wait = answer?.retryAfter.map { "; try again in \($0) s" } ?? "; try again later"
            return ChatClientError(.accessRefused, "\(url) refuses this address for now: too many wrong or missing access keys (HTTP 429)\(wait)")
        case 403:
            return ChatClientError(.accessRefused, "\(url) refused the connection (HTTP 403): it does not accept this client's origin")
        default:
            let status = answer.map { " (HTTP \($0.status))" } ?? ""
            return ChatClientError(
                .notChatServer,
                "\(url) refused the WebSocket upgrade\(status): check the URL (the path is usually /ws), that it is a Private Chat "
                    + "server, and the access key if it needs one"
            )
        }
    }

    static func describe(_ close: WebSocketCloseFrame) -> String {
        let code: String =
            switch close.closeCode {
            case .goingAway: "1001, going away"
            case .unknown(let value): "\(value)"
            default: "\(close.closeCode)"
            }
        guard let reason = close.reason, !reason.isEmpty else { return code }
        return "\(code): \(reason)"
    }

    /// A failure to connect, in words a user can act on.
    static func describe(_ error: any Error, url: ServerURL) -> ChatClientError {
        switch error {
        case let error as ChatClientError:
            return error
        case let error as WebSocketClientError where error == .invalidURL:
            return ChatClientError(.badURL, "bad server URL \"\(url)\"")
        case let error as WebSocketClientError where error == .webSocketUpgradeFailed:
            return Self.describeRefusedUpgrade(nil, url: url, keyGiven: false)
        default:
            let text = "\(error)"
            let reason =
                text.contains("refused")
                ? "connection refused (is the server running?)"
                : text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("lookup")
                    ? "the host name does not resolve"
                    : text.contains("timed out") || text.contains("Timeout")
                        ? "the connection timed out"
                        : text
            return ChatClientError(.unreachable, "cannot reach \(url): \(reason)")
        }
    }
}
