public import ChatClient

/// `chat`'s exit codes (from sysexits.h), as documented in `chat --help` and the README.
public enum ExitStatus: Int32, Sendable {
    /// Everything sent was acknowledged; the user left.
    case success = 0
    /// The server refused a message (scripted mode), or the session ended for another reason.
    case failure = 1
    /// A bad URL or option, or a missing name without a terminal to ask for it.
    case usage = 64
    /// The name is not allowed.
    case invalidName = 65
    /// The name is taken; the message offers a free one.
    case nameTaken = 67
    /// The server cannot be reached, or is not a chat server.
    case unavailable = 69
    /// The server refused access: an access key is missing or wrong, or too many were.
    case noPermission = 77

    /// The status for a client's fatal error.
    public init(_ error: ChatClientError) {
        switch error.code {
        case .badURL: self = .usage
        case .invalidName: self = .invalidName
        case .nameTaken: self = .nameTaken
        case .unreachable, .notChatServer: self = .unavailable
        case .accessRefused, .accessKeyNeeded: self = .noPermission
        case .replaced, .closed: self = .failure
        }
    }

    /// The line to print for a client's fatal error.
    public static func message(for error: ChatClientError) -> String {
        switch error.code {
        case .nameTaken:
            if let suggestion = error.suggestion { return "\(error.message) (run again with --name \(suggestion))" }
            return error.message
        case .accessKeyNeeded:
            return error.message
                + "; give the key with --key KEY, --key-file FILE or CHAT_KEY, or connect with an invite link: chat 'https://HOST/#key=KEY'"
        default: return error.message
        }
    }
}
