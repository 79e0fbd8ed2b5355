/// How a client speaks: the seed's plain text, or protocol v1 (subprotocol `privchat.v1`).
enum ClientMode: Sendable, Hashable {
    case plain
    case v1
}
