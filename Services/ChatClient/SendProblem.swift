public import ChatProtocol

/// Why a message was not sent, in words for the user.
public enum SendProblem: Error, Hashable, CustomStringConvertible {
    /// The server would refuse the text (once sealed, in an encrypted room).
    case text(MessageText.Problem)
    case encryption(EncryptionProblem)
    /// A direct message to someone whose sealing key is not known (or without one's own): it would go
    /// in the clear, which needs the user's say (``ChatClient/sendDirect(_:to:allowUnencrypted:)``).
    case wouldBeUnencrypted(String)
    /// A reply, edit, delete or reaction this client will not send: the message is not held, not yours,
    /// deleted, or the reaction is not one.
    case conversation(String)

    public var description: String {
        switch self {
        case .text(let problem): "\(problem)"
        case .encryption(let problem): problem.description
        case .wouldBeUnencrypted(let reason), .conversation(let reason): reason
        }
    }
}
