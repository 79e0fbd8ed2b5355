import RelayProtocol

/// A connected user as the relay knows them: one name, one connection, some rooms.
struct Member: Sendable, Hashable {
    var name: String
    var origin: Origin
    /// The client's session token; a new connection presenting it may take this member over.
    var session: String
    var rooms: Set<String>
    /// Plain-mode clients get no history or presence.
    var isPlain: Bool
    /// The identity key the connection proved, if it has one; its name is bound to it.
    var identityKey: [UInt8]? = nil
    /// Its signed sealing key, if it sent one with the identity key: passed on to the room, never read.
    var box: [UInt8]? = nil
}
