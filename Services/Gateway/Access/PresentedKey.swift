import Foundation

/// The access key a request presents, in any of the ways docs/PROTOCOL.md section 0 lists: one, none,
/// or several, which is refused whatever they are, so that one request can never try more than one key.
enum PresentedKey: Equatable {
    case none
    case one(String)
    case several

    static let subprotocolPrefix = "privchat.key."

    /// Reads `Authorization` (`Bearer KEY`, or `Basic` with the key as password), `Sec-WebSocket-Protocol`
    /// tokens `privchat.key.KEY`, and `key=` in the request target's query.
    init(authorization: [String], subprotocols: [String], target: String) {
        var keys: [String] = []
        for value in authorization {
            let parts = value.trimmingWhitespace().split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let credentials = String(parts[1]).trimmingWhitespace()
            switch parts[0].lowercased() {
            case "bearer": keys.append(credentials)
            case "basic": keys.append(Self.basicPassword(credentials) ?? "")
            default: continue
            }
        }
        for value in subprotocols {
            for token in value.split(separator: ",") {
                let token = String(token).trimmingWhitespace()
                if token.hasPrefix(Self.subprotocolPrefix) { keys.append(String(token.dropFirst(Self.subprotocolPrefix.count))) }
            }
        }
        if let query = target.split(separator: "?", maxSplits: 1).dropFirst().first {
            let query = query.prefix { $0 != "#" }
            for pair in query.split(separator: "&") where pair.hasPrefix("key=") {
                keys.append(String(pair.dropFirst(4)))
            }
        }
        switch keys.count {
        case 0: self = .none
        case 1: self = .one(keys[0])
        default: self = .several
        }
    }

    /// The password of HTTP Basic credentials (`base64(user:password)`): how Python's `websockets` sends a
    /// URL's `user:KEY@`. `nil` if they do not decode; the user part is ignored.
    private static func basicPassword(_ credentials: String) -> String? {
        guard let data = Data(base64Encoded: credentials), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[text.index(after: colon)...])
    }
}
