public import ArgumentParser

/// The flags that bound the relay's chat state, shared by `chat-relay` and (for its embedded relay) `chat-gateway`.
public struct ChatLimitOptions: ParsableArguments {
    @Option(help: "Messages kept per room for history and resume. (default: \(ChatLimits.Defaults.historyMessages); env: CHAT_HISTORY)")
    var history: Int?

    @Option(help: "Bytes of message text kept per room. (default: \(ChatLimits.Defaults.historyBytes); env: CHAT_HISTORY_BYTES)")
    var historyBytes: Int?

    @Option(help: "Most members in one room. (default: \(ChatLimits.Defaults.membersPerRoom); env: CHAT_MAX_ROOM_MEMBERS)")
    var maxRoomMembers: Int?

    @Option(help: "Most rooms one connection may be in. (default: \(ChatLimits.Defaults.roomsPerConnection); env: CHAT_MAX_ROOMS)")
    var maxRooms: Int?

    @Option(
        help: """
            Most rooms kept at once; an empty room's history is forgotten to make space. \
            (default: \(ChatLimits.Defaults.rooms); env: CHAT_MAX_ROOMS_TOTAL)
            """
    )
    var maxRoomsTotal: Int?

    public init() {}

    /// The limits from flags, else environment variables, else defaults; each must be at least 1.
    public func resolve() throws(ValidationError) -> ChatLimits {
        let limits = ChatLimits(
            historyMessages: try resolveOption(self.history, environment: "CHAT_HISTORY", default: ChatLimits.Defaults.historyMessages),
            historyBytes: try resolveOption(self.historyBytes, environment: "CHAT_HISTORY_BYTES", default: ChatLimits.Defaults.historyBytes),
            membersPerRoom: try resolveOption(self.maxRoomMembers, environment: "CHAT_MAX_ROOM_MEMBERS", default: ChatLimits.Defaults.membersPerRoom),
            roomsPerConnection: try resolveOption(self.maxRooms, environment: "CHAT_MAX_ROOMS", default: ChatLimits.Defaults.roomsPerConnection),
            rooms: try resolveOption(self.maxRoomsTotal, environment: "CHAT_MAX_ROOMS_TOTAL", default: ChatLimits.Defaults.rooms)
        )
        try limits.validate()
        return limits
    }
}
