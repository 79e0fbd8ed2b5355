/// Tells a `presence` frame from the rest without decoding it.
///
/// A room of 500 members that fills up sends each member a presence event per newcomer: 125,000 frames
/// a room. Decoding each with Foundation and keeping each member list sorted (``ClientState`` does both,
/// as a user interface needs) would cost the generator more than it costs the gateway to send them,
/// and member lists are not what a storm measures. Presence events do not move the messages a resume
/// replays (snapshot histories hold messages only), so skipping them leaves resume untouched.
enum FrameKind {
    private static let presencePrefix = Array(#"{"type":"presence""#.utf8)

    static func isPresence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= self.presencePrefix.count else { return false }
        for (index, byte) in self.presencePrefix.enumerated() where bytes[index] != byte { return false }
        return true
    }
}
