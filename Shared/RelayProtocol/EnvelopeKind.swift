/// What an envelope means; the byte at offset 1 of the wire layout.
public enum EnvelopeKind: UInt8, Sendable, CaseIterable {
    /// Gateway → relay: a user's chat message for `room`.
    case say = 1
    /// Relay → gateways (published): a sequenced chat message.
    case message = 2
    /// Gateway → relay: "I am here; prove my subscription is live." Answered with ``sync``.
    case hello = 3
    /// Relay → gateways (published): answers ``hello`` from `origin.gateway`; `sequence` is the last sequence so far.
    case sync = 4
    /// Relay → gateways (published), every second: the relay's epoch and last sequence (the zguide's HUGZ).
    case relayHeartbeat = 5
    /// Gateway → relay, every second: the gateway is alive.
    case gatewayHeartbeat = 6
    /// Gateway → relay: resend the published envelopes in the ``ReplayRange`` carried as payload.
    case replayRequest = 7
    /// Relay → one gateway: the replay is complete through `sequence`; flag `truncated` if older ones are gone.
    case replayEnd = 8

    // Chat (protocol v1). Replies go relay → one gateway, over the collector, addressed by `origin`.

    /// Gateway → relay: connection `origin` takes name `sender` with session token `target`; payload: ``ClaimRequest``.
    case claim = 9
    /// Relay → gateway: the claim succeeded as `sender` (token `target`); payload: ``WelcomeLimits``. Follows its `joined`s.
    case welcome = 10
    /// Gateway → relay: join `room`.
    case join = 11
    /// Relay → gateway: `origin` is in `room` as of `roomSequence`; payload: the room's snapshot, JSON.
    case joined = 12
    /// Gateway → relay: leave `room`.
    case leave = 13
    /// Relay → gateways (published, sequenced): `sender` joined, left or was renamed (from `target`) in
    /// `room`. Payload: the member's keys, flagged `signed`; clients keep the member list from the room's snapshot on.
    case presence = 14
    /// Gateway → relay: a private message to the user named `target`. Relay → the addressee's gateway: the same, from `sender`.
    case direct = 15
    /// Relay → gateway: the message `clientMessageID` of `origin` was sequenced (`room`, `roomSequence`) or delivered (to `target`).
    case ack = 16
    /// Gateway → relay: rename `origin` to `target`.
    case rename = 17
    /// Relay → gateway: `origin` is now `sender` (was `target`).
    case renamed = 18
    /// Gateway → relay: who is in `room`? Relay → gateway, as `members`: payload, a JSON array of names.
    case who = 19
    case members = 20
    /// Gateway → relay: connection `origin` is gone.
    case release = 21
    /// Relay → gateway: a request of `origin` failed: code in `target`, a suggestion in `sender`, the text as payload.
    case error = 22
    /// Relay → gateway: the session of `origin` was taken over by a newer connection; close this one.
    case evict = 23

    // Relay ↔ relay, between the two relays of a Binary Star pair (docs/PROTOCOL.md, "Relay failover").
    // Each relay sends them on its peer DEALER to the other's peer ROUTER; gateways may not send them.

    /// The sender's Binary Star state (payload: ``PeerState``), `epoch` and `sequence`, several times a second.
    case peerState = 24
    /// From the passive relay: send me your whole state.
    case snapshotRequest = 25
    /// From the active relay: its whole state; payload: the log position it is taken at. Frame 2 holds
    /// the chat state, frames 3… the replay buffer, oldest first.
    case snapshot = 26
    /// From the active relay: the commands it applied, in order; payload: the first one's log position.
    /// Frames 2… are one ``ReplicatedCommand`` each.
    case replicate = 27
    /// From the passive relay: everything through the log position in the payload is applied.
    case replicated = 28
    /// From an active relay that is stopping, after its last ``replicated``: take over now.
    case handover = 29

    // Unsequenced chat events (docs/PROTOCOL.md, "Unsequenced events"): published with stream sequence 0.

    /// Gateway → relay → all: `sender` is typing in `room` (payload: 1) or stopped (0). Kept nowhere.
    case typing = 30
    /// Gateway → relay: the read marker of `origin` in `room` is `roomSequence` (flag `visible`). Relay → all:
    /// the marker of `sender`, with the person's identity key as payload if it has one.
    case read = 31

    // File bodies (docs/PROTOCOL.md, "Files" and "File bodies"): kept out of the command log and the
    // published stream; answered over the collector, one envelope per frame.

    /// Gateway → relay: connection `origin` uploads `size` bytes (payload u64) to `room`; `target` a file id
    /// to resume, or empty. Active → passive: the same for the body `target`, owned by `sender`.
    case fileOpen = 32
    /// Relay → gateway: file `target` holds `received` of `size` bytes (``FileProgress``).
    case fileStatus = 33
    /// Gateway → relay, active → passive: bytes of file `target` (payload: offset u64 ‖ bytes).
    case fileChunk = 34
    /// Gateway → relay: read file `target` (``FileReadRange``); `clientMessageID` names the request.
    case fileRead = 35
    /// Relay → gateway: answers `fileRead` (payload: size u64 ‖ offset u64 ‖ bytes).
    case fileData = 36
    /// Relay → all (published, not sequenced), active → passive: the body `target`, shared in `room`, is gone.
    case fileForget = 37

    // Incoming webhooks (docs/PROTOCOL.md, "Incoming webhooks"): a gateway's own request, from connection 0.

    /// Gateway → relay: post `payload` (the text) in `room` as `sender`, a bot's name that no member holds.
    /// Answered with an `ack` (with `roomSequence`) or an `error`; published as a `message` flagged `plain`.
    case post = 38
}

/// Bit flags; the two bytes at offset 2 of the wire layout.
public struct EnvelopeFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// On ``EnvelopeKind/replayEnd``: the relay no longer holds some of the requested envelopes.
    public static let truncated = EnvelopeFlags(rawValue: 1 << 0)
    /// On `say`/`message`: said with `/me`.
    public static let action = EnvelopeFlags(rawValue: 1 << 1)
    /// On `presence`: which event.
    public static let joined = EnvelopeFlags(rawValue: 1 << 2)
    public static let left = EnvelopeFlags(rawValue: 1 << 3)
    public static let renamed = EnvelopeFlags(rawValue: 1 << 4)
    /// On `claim`: a plain-mode client (no history, no presence). On `say`/`message`: from a plain-mode
    /// client, whose `clientMessageID` the gateway made up (for resends), so clients are not shown it.
    public static let plain = EnvelopeFlags(rawValue: 1 << 5)
    /// On `claim`: a gateway re-registering its connection after the relay restarted.
    public static let reclaim = EnvelopeFlags(rawValue: 1 << 6)
    /// On `relayHeartbeat`: this relay is stopping and its peer has taken over; switch to it now.
    public static let handover = EnvelopeFlags(rawValue: 1 << 7)
    /// On `say`, `message` and `direct`: the payload starts with the sender's identity key and signature
    /// (``SignedPayload``). On `claim`: the request ends with the key the connection proved. On
    /// `presence` (`joined`, `renamed`): the payload is the member's key, and then its sealing key
    /// (``SignedPayload/boxBytes``) if it has one.
    public static let signed = EnvelopeFlags(rawValue: 1 << 8)
    /// On `say`/`message`: a room key share (docs/PROTOCOL.md, "Key shares"), for v1 members only.
    public static let share = EnvelopeFlags(rawValue: 1 << 9)
    /// On `presence` `left`: the member sent `leave` (not: its connection ended).
    public static let byRequest = EnvelopeFlags(rawValue: 1 << 10)
    /// On `say`/`message`: a reply, edit, delete or reaction; the payload holds an ``EnvelopeReference``.
    public static let refers = EnvelopeFlags(rawValue: 1 << 11)
    /// On `read`: the room's other members may see the marker.
    public static let visible = EnvelopeFlags(rawValue: 1 << 12)
    /// On `say`/`message`: a shared file; the payload holds an ``EnvelopeFileReference``.
    public static let file = EnvelopeFlags(rawValue: 1 << 13)
}
