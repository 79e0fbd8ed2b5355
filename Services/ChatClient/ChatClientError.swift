/// Why a client could not chat, in words meant for its user, with what to do about it.
public struct ChatClientError: Error, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case badURL
        case unreachable
        case nameTaken
        case invalidName
        /// The server turned the connection away: too many wrong keys from this address, or a refused origin.
        case accessRefused
        /// The server needs an access key, and none, or not this one, was given (HTTP 401).
        case accessKeyNeeded
        case notChatServer
        case replaced
        case closed
    }

    public let code: Code
    public let message: String
    /// For `nameTaken`: a name that was free.
    public let suggestion: String?

    public init(_ code: Code, _ message: String, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String { self.message }
}
