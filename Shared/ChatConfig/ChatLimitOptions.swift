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

    @Option(
        help: """
            Seconds a name stays bound to the identity key that used it, after its last use (the default is 30 \
            days); meanwhile no other key (and no client without one) may take it. Kept in memory only. \
            (default: \(ChatLimits.Defaults.nameBindingTTL.secondsFlagText); env: CHAT_NAME_BINDING_TTL)
            """
    )
    var nameBindingTtl: Double?

    @Option(
        help: """
            Most names bound to identity keys at once; the least recently used is forgotten first. \
            (default: \(ChatLimits.Defaults.nameBindings); env: CHAT_MAX_NAME_BINDINGS)
            """
    )
    var maxNameBindings: Int?

    @Option(
        help: """
            Seconds after a message during which its author may edit or delete it (the default is 24 hours; \
            0: never). (default: \(ChatLimits.Defaults.editWindow.secondsFlagText); env: CHAT_EDIT_WINDOW)
            """
    )
    var editWindow: Double?

    @Option(
        help: """
            Most reaction events one message may get, adding and taking back alike; the relay counts sealed \
            ones without reading them. (default: \(ChatLimits.Defaults.reactionsPerMessage); env: CHAT_MAX_REACTIONS)
            """
    )
    var maxReactions: Int?

    @Option(help: "Largest file body, in bytes; a bigger upload is refused before it starts. (default: \(ChatLimits.Defaults.fileBytes); env: CHAT_MAX_FILE_BYTES)")
    var maxFileBytes: Int?

    @Option(
        help: """
            Bytes of file bodies one person holds in the relay's store; over it, their oldest go first. \
            (default: \(ChatLimits.Defaults.fileBytesPerPerson); env: CHAT_MAX_FILE_BYTES_PER_PERSON)
            """
    )
    var maxFileBytesPerPerson: Int?

    @Option(
        help: """
            Bytes of file bodies the relay's store holds, in memory only; over it, the oldest go first. \
            (default: \(ChatLimits.Defaults.fileStoreBytes); env: CHAT_MAX_FILE_STORE_BYTES)
            """
    )
    var maxFileStoreBytes: Int?

    public init() {}

    /// The limits from flags, else environment variables, else defaults; each must be at least 1.
    public func resolve() throws(ValidationError) -> ChatLimits {
        let limits = ChatLimits(
            historyMessages: try resolveOption(self.history, environment: "CHAT_HISTORY", default: ChatLimits.Defaults.historyMessages),
            historyBytes: try resolveOption(self.historyBytes, environment: "CHAT_HISTORY_BYTES", default: ChatLimits.Defaults.historyBytes),
            membersPerRoom: try resolveOption(self.maxRoomMembers, environment: "CHAT_MAX_ROOM_MEMBERS", default: ChatLimits.Defaults.membersPerRoom),
            roomsPerConnection: try resolveOption(self.maxRooms, environment: "CHAT_MAX_ROOMS", default: ChatLimits.Defaults.roomsPerConnection),
            rooms: try resolveOption(self.maxRoomsTotal, environment: "CHAT_MAX_ROOMS_TOTAL", default: ChatLimits.Defaults.rooms),
            nameBindingTTL: try resolveOptionalOption(self.nameBindingTtl, environment: "CHAT_NAME_BINDING_TTL").map(Duration.flagSeconds)
                ?? ChatLimits.Defaults.nameBindingTTL,
            nameBindings: try resolveOption(self.maxNameBindings, environment: "CHAT_MAX_NAME_BINDINGS", default: ChatLimits.Defaults.nameBindings),
            editWindow: try resolveOptionalOption(self.editWindow, environment: "CHAT_EDIT_WINDOW").map(Duration.flagSeconds)
                ?? ChatLimits.Defaults.editWindow,
            reactionsPerMessage: try resolveOption(self.maxReactions, environment: "CHAT_MAX_REACTIONS", default: ChatLimits.Defaults.reactionsPerMessage),
            fileBytes: try resolveOption(self.maxFileBytes, environment: "CHAT_MAX_FILE_BYTES", default: ChatLimits.Defaults.fileBytes),
            fileBytesPerPerson: try resolveOption(
                self.maxFileBytesPerPerson,
                environment: "CHAT_MAX_FILE_BYTES_PER_PERSON",
                default: ChatLimits.Defaults.fileBytesPerPerson
            ),
            fileStoreBytes: try resolveOption(self.maxFileStoreBytes, environment: "CHAT_MAX_FILE_STORE_BYTES", default: ChatLimits.Defaults.fileStoreBytes)
        )
        try limits.validate()
        return limits
    }
}
