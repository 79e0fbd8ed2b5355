/// What happened to the clients of an idle run.
struct IdleCounts: Sendable {
    /// Connections upgraded, named, and not closed since.
    var open = 0
    var closed = 0
    var errorFrames = 0
    var otherFrames = 0
    var firstError: String?
    var firstClose: String?

    mutating func merge(_ other: IdleCounts) {
        self.open += other.open
        self.closed += other.closed
        self.errorFrames += other.errorFrames
        self.otherFrames += other.otherFrames
        self.firstError = self.firstError ?? other.firstError
        self.firstClose = self.firstClose ?? other.firstClose
    }
}
