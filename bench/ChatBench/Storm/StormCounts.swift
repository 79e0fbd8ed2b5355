/// What happened to a storm's clients, counted as it happens.
struct StormCounts: Sendable {
    var welcomedNow = 0
    var reconnectAttempts = 0
    var failedAttempts = 0
    var firstFailure: String?
    var helloRefusals = 0
    var fatal = 0
    var firstFatal: String?
    var historyGaps = 0
    var serverRestarts = 0
    var presenceFrames = 0
    var undecodable = 0
    var wrongRoom = 0
    /// Welcomes on a connection already welcomed: the gateway re-claimed it at the relay.
    var unaskedWelcomes = 0
}

/// The counts, and what the clients' ledgers say, at one moment.
struct StormTally: Sendable {
    var counts: StormCounts
    var resumed = 0
    var receiving = 0
    /// Messages ``ClientState`` passed on twice, or not in room order: what a user would see.
    var duplicates = 0
    var outOfOrder = 0
    /// Frames that repeated a message already received (``ClientState`` drops them).
    var duplicateFrames = 0
    var outOfOrderFrames = 0
    var lost = 0
    var clientsWithLoss = 0
    /// Clients that have every message expected of them.
    var complete = 0
}
