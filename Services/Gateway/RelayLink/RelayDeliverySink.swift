import RelayProtocol

/// Receives what the relay sends, in order, on the relay link's thread. It must not block.
protocol RelayDeliverySink: Sendable {
    /// The published stream: messages and presence events, in sequence order.
    func deliver(_ envelopes: [Envelope])
    /// Replies addressed to one of this gateway's connections.
    func reply(_ envelope: Envelope)
    /// The link is back after being lost. The relay may have forgotten this gateway's connections (or,
    /// if `relayRestarted`, everything): returns the claims to send so that it knows them again.
    func relinked(relayRestarted: Bool) -> [Envelope]
}
