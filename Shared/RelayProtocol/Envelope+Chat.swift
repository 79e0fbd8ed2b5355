/// The chat kinds (protocol v1), built with their fields named for what they mean.
///
/// The wire layout has one `sender` and one `target` field for every kind, and each kind gives them its
/// own meaning (docs/PROTOCOL.md, "The envelope"): a session token, a name before or after a rename, an
/// addressee, an error code. These constructors and the accessors in `Envelope+Fields.swift` are the one
/// place that knows which field holds what.
extension Envelope {
    /// Gateway → relay: connection `origin` takes `name` with session token `session` and asks for
    /// the rooms of `request`; flags `plain` and `reclaim` as the ``EnvelopeFlags`` say.
    public static func claim(origin: Origin, name: String, session: String, request: ClaimRequest, flags: EnvelopeFlags = []) -> Envelope {
        let flags = request.identityKey == nil ? flags : flags.union(.signed)
        return Envelope(kind: .claim, flags: flags, origin: origin, sender: name, target: session, payload: request.bytes)
    }

    /// Relay → gateway: the claim of `origin` succeeded as `name`, with session token `session`.
    public static func welcome(origin: Origin, name: String, session: String, limits: WelcomeLimits) -> Envelope {
        Envelope(kind: .welcome, origin: origin, sender: name, target: session, payload: limits.bytes)
    }

    /// Gateway → relay: connection `origin` asks to be called `name`.
    public static func rename(origin: Origin, to name: String, clientMessageID: String) -> Envelope {
        Envelope(kind: .rename, origin: origin, target: name, clientMessageID: clientMessageID)
    }

    /// Relay → gateway: connection `origin` is now called `name`, and was called `previousName`.
    public static func renamed(origin: Origin, name: String, previousName: String, clientMessageID: String) -> Envelope {
        Envelope(kind: .renamed, origin: origin, sender: name, target: previousName, clientMessageID: clientMessageID)
    }

    /// Relay → gateways (published, sequenced by the relay): `name` joined, left or (from `previousName`)
    /// was renamed in `room`. `event` is one of the flags `joined`, `left` and `renamed` (with `byRequest`
    /// for a `leave`). The payload is the member's identity key and sealing key, if it has them (flag
    /// `signed`); clients keep the member list themselves,
    /// from the room's snapshot and each event after it.
    public static func presence(
        _ event: EnvelopeFlags,
        origin: Origin,
        room: String,
        roomSequence: UInt64,
        name: String,
        previousName: String? = nil,
        key: [UInt8]? = nil,
        box: [UInt8]? = nil
    ) -> Envelope {
        Envelope(
            kind: .presence,
            flags: key == nil ? event : event.union(.signed),
            roomSequence: roomSequence,
            origin: origin,
            room: room,
            sender: name,
            target: previousName ?? "",
            payload: key.map { $0 + (box ?? []) } ?? []
        )
    }

    /// A private message from `sender` to the user called `addressee`: gateway → relay from the sender's
    /// connection `origin`, then relay → the addressee's gateway with `origin` the addressee's connection.
    /// A signed one (flag `signed`) carries the sender's key and signature before the text (``SignedPayload``).
    public static func direct(
        origin: Origin,
        sender: String,
        addressee: String,
        clientMessageID: String,
        text: [UInt8],
        timestamp: UInt64 = 0,
        flags: EnvelopeFlags = []
    ) -> Envelope {
        Envelope(
            kind: .direct,
            flags: flags,
            timestamp: timestamp,
            origin: origin,
            sender: sender,
            target: addressee,
            clientMessageID: clientMessageID,
            payload: text
        )
    }

    /// Gateway → relay: a webhook's message, `text` in `room` from the bot or script called `name`; `origin`
    /// is the gateway's own (connection 0) and `clientMessageID` the request's, which the answer carries.
    public static func post(origin: Origin, room: String, name: String, clientMessageID: String, text: [UInt8]) -> Envelope {
        Envelope(kind: .post, origin: origin, room: room, sender: name, clientMessageID: clientMessageID, payload: text)
    }

    /// Relay → gateway: the room message `clientMessageID` of `origin` was sequenced as `roomSequence` of `room`.
    public static func ack(origin: Origin, clientMessageID: String, room: String, roomSequence: UInt64, timestamp: UInt64) -> Envelope {
        Envelope(kind: .ack, roomSequence: roomSequence, timestamp: timestamp, origin: origin, room: room, clientMessageID: clientMessageID)
    }

    /// Relay → gateway: the private message `clientMessageID` of `origin` was delivered to `addressee`.
    public static func ack(origin: Origin, clientMessageID: String, addressee: String, timestamp: UInt64) -> Envelope {
        Envelope(kind: .ack, timestamp: timestamp, origin: origin, target: addressee, clientMessageID: clientMessageID)
    }

    /// Relay → gateway: a request of `origin` failed with `code` (a ChatProtocol `ErrorCode`'s raw value)
    /// and the human-readable `message`; `room` if it concerns one, and a name to try if one was taken.
    public static func error(
        code: String,
        message: String,
        origin: Origin,
        clientMessageID: String = "",
        room: String = "",
        suggestion: String? = nil
    ) -> Envelope {
        Envelope(
            kind: .error,
            origin: origin,
            room: room,
            sender: suggestion ?? "",
            target: code,
            clientMessageID: clientMessageID,
            payload: Array(message.utf8)
        )
    }
}
