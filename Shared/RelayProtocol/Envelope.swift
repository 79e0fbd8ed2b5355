/// One unit of traffic between gateways and the relay.
///
/// Gateways send envelopes in (`say`, `hello`, heartbeats, replay requests); the relay stamps chat
/// envelopes with its epoch, sequence numbers and time, and publishes them to every gateway. The
/// chat text travels as opaque `payload` bytes: no hop decodes or re-encodes it. The binary layout is
/// specified in docs/PROTOCOL.md ("Relay envelope") and implemented in `Envelope+Codec.swift`.
public struct Envelope: Sendable, Hashable {
    public var kind: EnvelopeKind
    public var flags: EnvelopeFlags
    /// Identifies one run of the relay; it changes whenever the relay restarts.
    public var epoch: UInt64
    /// Position in the relay's single published stream (0 until the relay stamps it).
    public var sequence: UInt64
    /// Position within `room` (0 until the relay stamps it).
    public var roomSequence: UInt64
    /// Relay wall-clock time, milliseconds since 1970 (0 until the relay stamps it).
    public var timestamp: UInt64
    /// The gateway and connection the envelope came from, or is addressed to.
    public var origin: Origin
    /// Opaque to the relay; gateways put their send time here to measure the relay round trip.
    public var trace: UInt64
    public var room: String
    /// A user's name: the sender's, the name claimed or taken, a member's; on `error`, a suggested name.
    /// Each kind's meaning has an accessor (`Envelope+Fields.swift`) and a constructor (`Envelope+Chat.swift`).
    public var sender: String
    /// Per kind: a session token, a name asked for or given up, an addressee, or an error code
    /// (docs/PROTOCOL.md, "The envelope"). Not public: outside this module it is read through the accessor
    /// that names its meaning for the kind, and written by the constructors of `Envelope+Chat.swift`.
    var target: String
    /// Id the client gave the message, echoed so the sender can match acknowledgements.
    public var clientMessageID: String
    /// The message bytes (UTF-8 text for chat), forwarded untouched.
    public var payload: [UInt8]

    /// The message id clients may see: none for a plain-mode sender's (the gateway numbered those).
    public var clientVisibleID: String {
        self.flags.contains(.plain) ? "" : self.clientMessageID
    }

    public init(
        kind: EnvelopeKind,
        flags: EnvelopeFlags = [],
        epoch: UInt64 = 0,
        sequence: UInt64 = 0,
        roomSequence: UInt64 = 0,
        timestamp: UInt64 = 0,
        origin: Origin = .relay,
        trace: UInt64 = 0,
        room: String = "",
        sender: String = "",
        target: String = "",
        clientMessageID: String = "",
        payload: [UInt8] = []
    ) {
        self.kind = kind
        self.flags = flags
        self.epoch = epoch
        self.sequence = sequence
        self.roomSequence = roomSequence
        self.timestamp = timestamp
        self.origin = origin
        self.trace = trace
        self.room = room
        self.sender = sender
        self.target = target
        self.clientMessageID = clientMessageID
        self.payload = payload
    }
}

/// Where an envelope comes from: a gateway process and one of its client connections.
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    /// Random per gateway process, so a restarted gateway is a new gateway.
    public var gateway: UInt64
    /// Per gateway, never reused while the gateway runs.
    public var connection: UInt64

    public init(gateway: UInt64, connection: UInt64) {
        self.gateway = gateway
        self.connection = connection
    }

    /// The origin of envelopes the relay makes itself.
    public static let relay = Origin(gateway: 0, connection: 0)

    public var description: String { "\(String(self.gateway, radix: 16))/\(self.connection)" }
}
