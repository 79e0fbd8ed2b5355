/// The unsequenced conversation events (docs/PROTOCOL.md, "Unsequenced events"): typing and read markers.
extension Envelope {
    /// Gateway → relay, then relay → all gateways with stream sequence 0: `name` (of connection `origin`)
    /// is typing in `room`, or stopped.
    public static func typing(origin: Origin, room: String, name: String, active: Bool) -> Envelope {
        Envelope(kind: .typing, origin: origin, room: room, sender: name, payload: [active ? 1 : 0])
    }

    /// `typing`: whether the member is typing (`false`: stopped).
    public var isTyping: Bool { self.payload.first == 1 }

    /// Gateway → relay: connection `origin` read `room` through `roomSequence`; others may see it if `visible`.
    public static func read(origin: Origin, room: String, through roomSequence: UInt64, visible: Bool) -> Envelope {
        Envelope(kind: .read, flags: visible ? .visible : [], roomSequence: roomSequence, origin: origin, room: room)
    }

    /// Relay → all gateways, stream sequence 0: the read marker of `name` in `room`, moved by connection
    /// `origin`; the person's identity key as payload if it has one, so that its other devices know it.
    public static func readMarker(origin: Origin, room: String, name: String, through roomSequence: UInt64, visible: Bool, key: [UInt8]?) -> Envelope {
        Envelope(kind: .read, flags: visible ? .visible : [], roomSequence: roomSequence, origin: origin, room: room, sender: name, payload: key ?? [])
    }
}
