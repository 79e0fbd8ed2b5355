import RelayProtocol

/// One room event's frames for a gateway's members, each encoded the first time a member needs it and
/// then shared: the same bytes go to every member that gets the same frame.
struct RoomFrames {
    let envelope: Envelope
    private var ack: EncodedFrame?
    private var message: EncodedFrame?
    private var presence: EncodedFrame?
    private var plain: EncodedFrame?
    /// A shared file's lines for plain members, by the origin of their links (one, with a public URL).
    private var plainFiles: [String: EncodedFrame] = [:]
    /// IRC members' lines: untimed and timed (`server-time`), the notice of a sealed room, a presence.
    private var ircMessages: [Bool: EncodedFrame] = [:]
    private var ircSealedNotice: EncodedFrame?
    private var ircPresence: EncodedFrame?

    init(_ envelope: Envelope) {
        self.envelope = envelope
    }

    /// The encoded frame of kind `frame`; `linkBase` is the origin a ``RoomFrame/plainFile`` line's link starts with.
    mutating func encoded(_ frame: RoomFrame, linkBase: String) -> EncodedFrame {
        switch frame {
        case .ack: Self.cached(&self.ack, frame, self.envelope)
        case .message: Self.cached(&self.message, frame, self.envelope)
        case .presence: Self.cached(&self.presence, frame, self.envelope)
        case .plain: Self.cached(&self.plain, frame, self.envelope)
        case .plainFile: Self.cached(&self.plainFiles[linkBase], frame, self.envelope, linkBase: linkBase)
        case .ircMessage(let timed): Self.cached(&self.ircMessages[timed], frame, self.envelope, linkBase: linkBase)
        case .ircSealedNotice: Self.cached(&self.ircSealedNotice, frame, self.envelope)
        case .ircPresence: Self.cached(&self.ircPresence, frame, self.envelope)
        }
    }

    /// The frame in `slot`, encoded into it first if it is not there yet.
    private static func cached(_ slot: inout EncodedFrame?, _ frame: RoomFrame, _ envelope: Envelope, linkBase: String = "") -> EncodedFrame {
        if let encoded = slot { return encoded }
        let encoded = EncodedFrame(payload: frame.payload(envelope, linkBase: linkBase), framing: frame.framing)
        slot = encoded
        return encoded
    }
}
