/// Who is where in a reconnect storm, and what the sender's numbered messages look like.
///
/// Clients are spread over rooms of at most `roomSize` (client `i` in room `i mod rooms`), so that no
/// room needs more than the relay's default `--max-room-members` (1000) with the sender in it, and the
/// sender's rooms stay within the default 32 rooms per connection. Message `n` goes to room `n mod
/// rooms` and is that room's message number `n / rooms`: every member must receive 0, 1, 2, … of its
/// room exactly once, in order.
struct StormPlan: Sendable, Equatable {
    let clients: Int
    let rooms: Int

    /// The most rooms the sender may be in: the relay's default rooms per connection.
    static let maximumRooms = 32

    init(clients: Int, roomSize: Int) {
        self.clients = clients
        self.rooms = max(1, (clients + roomSize - 1) / roomSize)
    }

    func room(ofClient client: Int) -> Int { client % self.rooms }

    static func roomName(_ room: Int) -> String { "storm-\(room)" }

    /// Client `client`'s name: distinct, and short (the relay's snapshots list every member).
    static func clientName(_ client: Int) -> String { "s\(client)" }

    static let senderName = "storm-sender"

    /// The WebSocket subprotocol of protocol v1 (docs/PROTOCOL.md, section 2); ChatClient keeps its own private.
    static let subprotocol = "privchat.v1"

    /// The number of a room's message `index`.
    func number(of message: StormMessage) -> Int { message.index * self.rooms + message.room }

    /// The room of message `number` and its number within that room.
    func place(ofMessage number: Int) -> (room: Int, index: Int) { (number % self.rooms, number / self.rooms) }

    static func text(ofMessage number: Int) -> String { "storm \(number)" }

    /// The number in a text written by ``text(ofMessage:)``.
    static func number(inText text: String) -> Int? {
        guard text.hasPrefix("storm ") else { return nil }
        return Int(text.dropFirst(6))
    }
}

/// One of the sender's messages: its room, and its number within the room.
struct StormMessage: Hashable, Sendable {
    var room: Int
    var index: Int
}
