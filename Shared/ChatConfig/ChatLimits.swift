/// The bounds on the relay's chat state; `chat-relay`'s flags set them.
public struct ChatLimits: Sendable, Hashable {
    /// Messages kept per room for history and resume.
    public var historyMessages: Int
    /// Bytes of message text kept per room, whichever bound is reached first.
    public var historyBytes: Int
    public var membersPerRoom: Int
    /// Rooms one connection may be in at once.
    public var roomsPerConnection: Int
    /// Rooms the relay keeps at once; an empty room's history is forgotten to make space.
    public var rooms: Int
    /// Recent client message ids remembered to drop resends.
    public var deduplicationWindow: Int

    public init(
        historyMessages: Int = 500,
        historyBytes: Int = 256 * 1024,
        membersPerRoom: Int = 1000,
        roomsPerConnection: Int = 32,
        rooms: Int = 1000,
        deduplicationWindow: Int = 100_000
    ) {
        self.historyMessages = historyMessages
        self.historyBytes = historyBytes
        self.membersPerRoom = membersPerRoom
        self.roomsPerConnection = roomsPerConnection
        self.rooms = rooms
        self.deduplicationWindow = deduplicationWindow
    }
}
