/// How a client speaks: the seed's plain text, protocol v1 (subprotocol `privchat.v1`), or IRC (`--irc-port`).
enum ClientMode: Sendable, Hashable {
    case plain
    case v1
    case irc
}
