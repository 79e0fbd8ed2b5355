import RelayProtocol

/// Receives the relay's stream, in order, on the relay link's thread. It must not block.
protocol RelayDeliverySink: Sendable {
    func deliver(_ envelopes: [Envelope])
}
