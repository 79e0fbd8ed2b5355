/// Hands out the relay's sequence numbers: one for the published stream, one per room.
///
/// The stream sequence lets every gateway detect a gap; the room sequence gives every member of a
/// room one order and a resume point.
struct Sequencer {
    /// The last stream sequence handed out (0: none yet).
    private(set) var sequence: UInt64 = 0
    private var roomSequences: [String: UInt64] = [:]

    /// Sequences one more envelope for `room`.
    mutating func next(room: String) -> (sequence: UInt64, roomSequence: UInt64) {
        self.sequence += 1
        let roomSequence = self.roomSequences[room, default: 0] + 1
        self.roomSequences[room] = roomSequence
        return (self.sequence, roomSequence)
    }

    /// The last room sequence handed out in `room` (0: none yet).
    func lastRoomSequence(_ room: String) -> UInt64 {
        self.roomSequences[room, default: 0]
    }
}
