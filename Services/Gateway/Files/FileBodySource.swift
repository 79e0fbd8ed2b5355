import ChatProtocol
import RelayProtocol

/// Where `GET /files/…` reads bodies: the relay's store, through the link (``RelayLink``), or a test's stand-in.
protocol FileBodySource: Sendable {
    /// Whether reads can be sent now.
    var isUp: Bool { get }
    /// The relay's answer to a read of `range` of `file`: a `fileData`, or an `error` with its code.
    func read(_ file: FileID, range: FileReadRange) async throws(RelayRequests.Failure) -> Envelope
}

extension RelayLink: FileBodySource {
    /// A `fileRead` of the gateway's own (connection 0), answered through ``RelayRequests``.
    func read(_ file: FileID, range: FileReadRange) async throws(RelayRequests.Failure) -> Envelope {
        try await self.ask { clientMessageID in
            .fileRead(origin: Origin(gateway: 0, connection: 0), file: file, range: range, clientMessageID: clientMessageID)
        }
    }
}
