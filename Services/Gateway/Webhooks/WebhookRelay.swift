import RelayProtocol

/// Where a webhook's message goes: the relay, through the link (``RelayLink``), or a test's stand-in.
protocol WebhookRelay: Sendable {
    /// Whether requests can be sent now.
    var isUp: Bool { get }
    /// The relay's answer to a `post` of `text` in `room` as `name`: an `ack`, or an `error` with its code.
    func post(_ text: [UInt8], in room: String, as name: String) async throws(RelayRequests.Failure) -> Envelope
}

extension RelayLink: WebhookRelay {
    /// A `post` of the gateway's own (connection 0), answered through ``RelayRequests``.
    func post(_ text: [UInt8], in room: String, as name: String) async throws(RelayRequests.Failure) -> Envelope {
        try await self.ask { clientMessageID in
            .post(origin: Origin(gateway: 0, connection: 0), room: room, name: name, clientMessageID: clientMessageID, text: text)
        }
    }
}
