public import ArgumentParser

/// The bounds on the relay's chat state; `chat-relay`'s flags set them.
public struct ChatLimits: Sendable, Hashable {
    /// The values used when no flag or variable sets them: the one place each is written.
    public enum Defaults {
        public static let historyMessages = 500
        public static let historyBytes = 256 * 1024
        public static let membersPerRoom = 1000
        public static let roomsPerConnection = 32
        public static let rooms = 1000
        public static let deduplicationWindow = 100_000
        public static let nameBindingTTL = Duration.seconds(30 * 24 * 3600)
        public static let nameBindings = 100_000
        public static let editWindow = Duration.seconds(24 * 3600)
        public static let reactionsPerMessage = 100
        public static let fileBytes = 10 * 1024 * 1024
        public static let fileBytesPerPerson = 64 * 1024 * 1024
        public static let fileStoreBytes = 256 * 1024 * 1024
    }

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
    /// How long a name stays bound to its identity key after its last use.
    public var nameBindingTTL: Duration
    /// Names bound to keys at once; the least recently used is forgotten first.
    public var nameBindings: Int
    /// How long after a message its author may still edit or delete it.
    public var editWindow: Duration
    /// Reaction events (adding and taking back alike) one message may get.
    public var reactionsPerMessage: Int
    /// Files (docs/PROTOCOL.md, "Files"): the largest body, what one person's bodies may hold, and what
    /// the relay's store holds in all; over the last two, the oldest bodies go first.
    public var fileBytes: Int
    public var fileBytesPerPerson: Int
    public var fileStoreBytes: Int

    public init(
        historyMessages: Int = Defaults.historyMessages,
        historyBytes: Int = Defaults.historyBytes,
        membersPerRoom: Int = Defaults.membersPerRoom,
        roomsPerConnection: Int = Defaults.roomsPerConnection,
        rooms: Int = Defaults.rooms,
        deduplicationWindow: Int = Defaults.deduplicationWindow,
        nameBindingTTL: Duration = Defaults.nameBindingTTL,
        nameBindings: Int = Defaults.nameBindings,
        editWindow: Duration = Defaults.editWindow,
        reactionsPerMessage: Int = Defaults.reactionsPerMessage,
        fileBytes: Int = Defaults.fileBytes,
        fileBytesPerPerson: Int = Defaults.fileBytesPerPerson,
        fileStoreBytes: Int = Defaults.fileStoreBytes
    ) {
        self.historyMessages = historyMessages
        self.historyBytes = historyBytes
        self.membersPerRoom = membersPerRoom
        self.roomsPerConnection = roomsPerConnection
        self.rooms = rooms
        self.deduplicationWindow = deduplicationWindow
        self.nameBindingTTL = nameBindingTTL
        self.nameBindings = nameBindings
        self.editWindow = editWindow
        self.reactionsPerMessage = reactionsPerMessage
        self.fileBytes = fileBytes
        self.fileBytesPerPerson = fileBytesPerPerson
        self.fileStoreBytes = fileStoreBytes
    }

    /// Throws unless every limit set by a flag is at least 1, naming the first flag that is not.
    public func validate() throws(ValidationError) {
        for (flag, value) in [
            ("--history", self.historyMessages), ("--history-bytes", self.historyBytes), ("--max-room-members", self.membersPerRoom),
            ("--max-rooms", self.roomsPerConnection), ("--max-rooms-total", self.rooms), ("--max-name-bindings", self.nameBindings),
            ("--max-reactions", self.reactionsPerMessage), ("--max-file-bytes", self.fileBytes),
            ("--max-file-bytes-per-person", self.fileBytesPerPerson), ("--max-file-store-bytes", self.fileStoreBytes),
        ] where value < 1 {
            throw ValidationError("\(flag) must be at least 1")
        }
        guard self.fileBytes <= self.fileBytesPerPerson, self.fileBytesPerPerson <= self.fileStoreBytes else {
            throw ValidationError("--max-file-bytes must be at most --max-file-bytes-per-person, and that at most --max-file-store-bytes")
        }
        guard self.nameBindingTTL > .zero else { throw ValidationError("--name-binding-ttl must be more than 0 seconds") }
        guard self.editWindow >= .zero else { throw ValidationError("--edit-window must be 0 seconds or more") }
    }
}
