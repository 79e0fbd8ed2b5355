import RelayProtocol

/// Chat messages sent to the relay and not yet seen sequenced, acknowledged or refused.
///
/// A relay that dies takes what it had not yet published with it. After the link moves to the backup
/// relay (same epoch), the gateway sends these again, oldest first, with their ids: the backup relay
/// remembers the ids of what it has (its copy includes the deduplication window), so nothing is
/// published twice and nothing is lost. The Lazy Pirate pattern's retry, done by the gateway so that
/// clients see nothing of the failover.
struct UnconfirmedMessages {
    struct Key: Hashable {
        let connection: UInt64
        let clientMessageID: String
    }

    private var pending: [Key: (serial: UInt64, envelope: [UInt8])] = [:]
    private var serial: UInt64 = 0

    var count: Int { self.pending.count }

    mutating func sent(_ envelope: [UInt8], connection: UInt64, clientMessageID: String) {
        self.serial += 1
        self.pending[Key(connection: connection, clientMessageID: clientMessageID)] = (self.serial, envelope)
    }

    /// Whether `envelope`, received from the relay, settles a chat message: it is the published
    /// `message` of one of this gateway's (from the stream or a replay), or an `ack` or `error` reply.
    static func settles(_ envelope: Envelope, gateway: UInt64) -> Bool {
        switch envelope.kind {
        case .message: envelope.origin.gateway == gateway
        case .ack, .error: true
        default: false
        }
    }

    /// The relay published, acknowledged or refused it.
    mutating func settled(connection: UInt64, clientMessageID: String) {
        guard !self.pending.isEmpty else { return }
        self.pending[Key(connection: connection, clientMessageID: clientMessageID)] = nil
    }

    /// The connection is gone: nobody waits for its messages any more.
    mutating func forget(connection: UInt64) {
        self.pending = self.pending.filter { $0.key.connection != connection }
    }

    /// Everything unconfirmed, in the order it was first sent.
    var inOrder: [[UInt8]] {
        self.pending.values.sorted { $0.serial < $1.serial }.map(\.envelope)
    }
}
