/// A relay's state in a Binary Star pair (the zguide's `bstar`), as the two relays tell each other.
///
/// A relay starts as ``primary`` or ``backup`` and settles, once it hears its peer, as ``active``
/// (serving gateways) or ``passive`` (a replica, taking over when the active one dies).
public enum PeerState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Started as the primary and not yet heard from the backup; serves gateways.
    case primary = 1
    /// Started as the backup and not yet heard from the primary; serves nobody.
    case backup = 2
    /// Serves gateways and replicates every change to the passive peer.
    case active = 3
    /// Applies the active peer's changes; takes over when it goes silent and gateways ask.
    case passive = 4

    public var description: String {
        switch self {
        case .primary: "primary"
        case .backup: "backup"
        case .active: "active"
        case .passive: "passive"
        }
    }
}

/// The payload of a ``EnvelopeKind/peerState`` envelope: the state and the relay's log position.
public struct PeerStateReport: Sendable, Hashable {
    public var state: PeerState
    /// How many state-changing commands this relay has applied in its epoch.
    public var logPosition: UInt64

    public init(state: PeerState, logPosition: UInt64) {
        self.state = state
        self.logPosition = logPosition
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = [self.state.rawValue]
        bytes.appendLittleEndian(self.logPosition)
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 9, let state = PeerState(rawValue: bytes[0]) else {
            throw EnvelopeError(.badPayload, "a peer state is a state byte and a u64 log position")
        }
        self.state = state
        self.logPosition = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 1) }
    }
}

/// One frame of a ``EnvelopeKind/replicate`` message: a command the active relay applied, with what the
/// passive one needs to apply it identically: the time it was applied at and the stream sequence after it.
public struct ReplicatedCommand: Sendable, Hashable {
    /// The active relay's wall clock when it applied the command, ms since 1970.
    public var timestamp: UInt64
    /// The active relay's last stream sequence after the command: the passive one checks it has the same.
    public var sequenceAfter: UInt64
    /// The command: a gateway's envelope as received (a `say` as published, stamped), or a `release`
    /// of connection 0 for a gateway the relay gave up.
    public var envelope: [UInt8]

    public init(timestamp: UInt64, sequenceAfter: UInt64, envelope: [UInt8]) {
        self.timestamp = timestamp
        self.sequenceAfter = sequenceAfter
        self.envelope = envelope
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + self.envelope.count)
        bytes.appendLittleEndian(self.timestamp)
        bytes.appendLittleEndian(self.sequenceAfter)
        bytes.append(contentsOf: self.envelope)
        return bytes
    }

    public init(bytes: UnsafeRawBufferPointer) throws(EnvelopeError) {
        guard bytes.count > 16 else { throw EnvelopeError(.badPayload, "a replicated command is two u64 and an envelope") }
        self.timestamp = bytes.readLittleEndian(UInt64.self, at: 0)
        self.sequenceAfter = bytes.readLittleEndian(UInt64.self, at: 8)
        self.envelope = Array(bytes[16...])
    }
}

extension UInt64 {
    /// A log position or sequence carried alone as a payload.
    public var littleEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(self)
        return bytes
    }

    /// Reads a payload made by ``littleEndianBytes``.
    public init(littleEndianBytes bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 8 else { throw EnvelopeError(.badPayload, "expected a u64") }
        self = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 0) }
    }
}
