/// What `sender`, `target` and `payload` hold, read by the kinds that give them a meaning of their own.
///
/// Each accessor reads one raw field and says which kinds set it (the constructors in
/// `Envelope+Chat.swift` write them); on another kind it reads whatever that field holds.
extension Envelope {
    /// `claim`, `welcome`: the session token (32 hex digits), which lets a new connection take the name over.
    public var session: String { self.target }

    /// `rename`: the name the connection asks for.
    public var requestedName: String { self.target }

    /// `renamed`, and `presence` flagged `renamed`: the name before; `nil` when there was none.
    public var previousName: String? { self.target.isEmpty ? nil : self.target }

    /// `direct`, and the `ack` of a private message: the addressee's name; `nil` on a room message's `ack`.
    public var addressee: String? { self.target.isEmpty ? nil : self.target }

    /// `error`: the code, a ChatProtocol `ErrorCode`'s raw value.
    public var errorCode: String { self.target }

    /// `error`: a free name to try instead of a taken one; `nil` when there is none.
    public var suggestedName: String? { self.sender.isEmpty ? nil : self.sender }

    /// `error`: the human-readable text.
    public var errorMessage: String { String(decoding: self.payload, as: UTF8.self) }

    /// `welcome`: the relay's limits; `nil` if the payload is not a ``WelcomeLimits``.
    public var welcomeLimits: WelcomeLimits? { try? WelcomeLimits(bytes: self.payload) }
}
