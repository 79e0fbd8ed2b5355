import RelayProtocol

/// The zguide's Binary Star state machine (`bstar.c`), free of sockets and clocks.
///
/// Two relays, a primary and a backup, each tell the other their state several times a second. The
/// first to be sure takes the lead: a primary that hears a waiting backup goes active; a backup that
/// hears an active peer goes passive. A passive relay takes over only when **both** its peer has been
/// silent past the timeout **and** a gateway asks it to serve: gateways only come to the backup once
/// they, too, lost the primary. That second condition is the split-brain rule: a broken link between
/// the two relays alone does not make two active relays.
struct BinaryStar {
    /// Something that happened to the relay.
    enum Event: Equatable {
        /// The peer reported its state.
        case peer(PeerState)
        /// A gateway asked to be served (its `hello`); `peerSilent` if the peer is past its timeout.
        case gatewayRequest(peerSilent: Bool)
        /// The active peer is stopping and handed over (it replicated everything first).
        case handover
    }

    /// What the relay must do about an event.
    enum Outcome: Equatable {
        /// Nothing changes.
        case unchanged
        /// The relay is now in this state.
        case became(PeerState, reason: String)
        /// Serve this gateway request (the relay serves gateways).
        case serve
        /// Do not serve this gateway request: the peer is alive and serving.
        case refuse
        /// Both relays are active (they each took gateways while they could not reach each other).
        case dualActive
    }

    let isPrimary: Bool
    private(set) var state: PeerState

    init(isPrimary: Bool) {
        self.isPrimary = isPrimary
        self.state = isPrimary ? .primary : .backup
    }

    /// Whether this relay serves gateways now.
    var isServing: Bool { self.state == .primary || self.state == .active }

    mutating func handle(_ event: Event) -> Outcome {
        switch (self.state, event) {
        case (.primary, .peer(.backup)): return self.become(.active, "connected to the backup, which is waiting: active")
        case (.primary, .peer(.active)): return self.become(.passive, "the backup is active: passive")
        case (.primary, .peer(.passive)): return self.become(.active, "the backup is passive: active")
        case (.backup, .peer(.active)): return self.become(.passive, "the primary is active: passive")
        case (.backup, .peer(.primary)), (.backup, .peer(.passive)): return .unchanged
        case (.active, .peer(.active)): return .dualActive
        case (.passive, .peer(.primary)): return self.become(.active, "the primary restarted: active")
        case (.passive, .peer(.backup)): return self.become(.active, "the backup restarted: active")
        case (.passive, .peer(.passive)): return self.isPrimary ? self.become(.active, "both relays passive: the primary goes active") : .unchanged
        case (.passive, .handover): return self.become(.active, "the active relay handed over: active")
        case (.passive, .gatewayRequest(let peerSilent)):
            return peerSilent ? self.become(.active, "the active relay is silent and gateways ask: failing over") : .refuse
        case (.primary, .gatewayRequest), (.active, .gatewayRequest): return .serve
        case (.backup, .gatewayRequest): return .refuse
        case (_, .peer), (_, .handover): return .unchanged
        }
    }

    private mutating func become(_ state: PeerState, _ reason: String) -> Outcome {
        self.state = state
        return .became(state, reason: reason)
    }
}
