import ChatProtocol
import Metrics

/// Per-frame counters shared by every session, created once.
struct SessionMetrics: Sendable {
    let framesIn = Counter(label: "gateway_frames_in_total")
    let refusedTooLarge = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "too_large")])
    let refusedBinary = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "binary")])
    let refusedInvalidText = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "invalid_text")])
    let refusedRateLimited = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "rate_limited")])
    let refusedRelayUnavailable = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "relay_unavailable")])
    let refusedRelayBusy = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "relay_busy")])
    let refusedMalformed = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "malformed")])
    let refusedUsername = Counter(label: "gateway_usernames_refused_total")
    /// A `prove` that did not verify: someone claiming a key they do not hold, or replaying a proof.
    let refusedProofs = Counter(label: "gateway_identity_proofs_refused_total")
    /// A message of a proven connection without a signature (receivers verify the ones there are).
    let refusedSignature = Counter(label: "gateway_frames_refused_total", dimensions: [("reason", "bad_signature")])
    /// Messages that waited for their token (the client was paced, not refused).
    let paced = Counter(label: "gateway_messages_paced_total")
    let closedPacedTooLong = Counter(label: "gateway_clients_closed_total", dimensions: [("reason", "paced_too_long")])
    let droppedSlow = Counter(label: "gateway_clients_dropped_total", dimensions: [("reason", "slow")])
    let closedSilent = Counter(label: "gateway_clients_closed_total", dimensions: [("reason", "silent")])

    /// Counts a message refused by the message text rules.
    func count(_ problem: MessageText.Problem) {
        switch problem {
        case .tooLarge: self.refusedTooLarge.increment()
        case .controlCharacter: self.refusedInvalidText.increment()
        }
    }
}
