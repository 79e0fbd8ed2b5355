import ChatProtocol
import RelayProtocol
import Synchronization

/// What the fan-out must know of one IRC connection, shared by its session (on its event loop) and the
/// relay link's thread: whether it enabled `server-time`, the channels and senders it was told are
/// end-to-end encrypted, and the last `QUIT` or `NICK` it got, so that a person's leaving or renaming
/// reaches it once and not once per shared room (the relay publishes those presences consecutively).
final class IRCMemberState: Sendable {
    private struct State {
        var serverTime = false
        var sealedRooms: Set<String> = []
        var sealedDirectSenders: Set<String> = []
        var lastPersonEvent: PersonEvent?
    }

    /// A person's `QUIT` or `NICK`: the same one, published once per room, is one line on IRC.
    private struct PersonEvent: Equatable {
        let origin: Origin
        let name: String
        let previousName: String?
    }

    private let state = Mutex(State())
    /// What to run once the relay answers the connection's claim or a join; set while lines wait for it.
    private let onAnswered = Mutex<(@Sendable () -> Void)?>(nil)

    var serverTime: Bool { self.state.withLock { $0.serverTime } }

    func enableServerTime(_ enabled: Bool) {
        self.state.withLock { $0.serverTime = enabled }
    }

    /// Whether the connection was told that `room` is end-to-end encrypted.
    func isSealed(_ room: String) -> Bool {
        self.state.withLock { $0.sealedRooms.contains(room) }
    }

    /// A channel is left: a sealed message there is announced again if the connection comes back.
    func forget(_ room: String) {
        _ = self.state.withLock { $0.sealedRooms.remove(room) }
    }

    /// The IRC frame this connection gets for `envelope`, given the frame ``RoomFrame`` chose for IRC members;
    /// `nil`: none (a later sealed message, a person's event already shown).
    func refine(_ frame: RoomFrame, for envelope: Envelope) -> RoomFrame? {
        self.state.withLock { state in
            switch frame {
            case .ircMessage:
                if envelope.fileReference == nil, SealedPrefix.isSealed(envelope.text) {
                    return state.sealedRooms.insert(envelope.room).inserted ? .ircSealedNotice : nil
                }
                return .ircMessage(timed: state.serverTime)
            case .ircPresence:
                let flags = envelope.flags
                let isPersonEvent = flags.contains(.renamed) || (flags.contains(.left) && !flags.contains(.byRequest))
                guard isPersonEvent else { return frame }
                let event = PersonEvent(origin: envelope.origin, name: envelope.sender, previousName: envelope.previousName)
                guard event != state.lastPersonEvent else { return nil }
                state.lastPersonEvent = event
                return frame
            default:
                return frame
            }
        }
    }

    /// Whether a sealed history item of `room` is the first this connection would see there (then it gets
    /// the notice instead); marks the room as told.
    func firstSealed(in room: String) -> Bool {
        self.state.withLock { $0.sealedRooms.insert(room).inserted }
    }

    /// Runs `action` (once) when the relay next answers this connection's claim or a join: a welcome, a
    /// room's snapshot or a refusal; `nil` takes back what was set.
    func whenAnswered(_ action: (@Sendable () -> Void)?) {
        self.onAnswered.withLock { $0 = action }
    }

    /// The relay answered the connection's claim or a join (the hub, on the relay link's thread).
    func answered() {
        let action = self.onAnswered.withLock { action in
            defer { action = nil }
            return action
        }
        action?()
    }

    /// Whether a sealed direct message from `sender` is the first from them (then it gets the notice).
    func firstSealedDirect(from sender: String) -> Bool {
        self.state.withLock { $0.sealedDirectSenders.insert(sender).inserted }
    }
}
