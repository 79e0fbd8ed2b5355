import ChatProtocol
import EndToEnd
import Identity

@testable import ChatClient

/// One member of an encrypted room for the rules' tests: an identity and its ``Encryption``, with the
/// room as the relay would order it (``Room``) instead of a server.
struct Party {
    let name: String
    let identity: Identity
    var encryption: Encryption
    let ids = IDs()

    init(_ name: String, identity: Identity = Identity()) {
        self.name = name
        self.identity = identity
        self.encryption = Encryption(identity: identity)
    }

    var prefix: IdentityPrefix { IdentityPrefix(self.identity.publicKey) }

    /// Frame ids, as the client's state makes them.
    final class IDs: @unchecked Sendable {
        private var counter = 0
        func next() -> String {
            self.counter += 1
            return "id-\(self.counter)"
        }
    }

    mutating func settled(_ room: String, members: [String], messageBytes: Int = 65_536) -> (events: [ChatEvent], shares: [ClientMessage]) {
        let ids = self.ids
        return self.encryption.settled(room, members: members, makeID: ids.next, messageBytes: messageBytes)
    }

    mutating func rekey(_ room: String, messageBytes: Int = 65_536) throws -> [ClientMessage] {
        let ids = self.ids
        return try self.encryption.rekey(room, makeID: ids.next, messageBytes: messageBytes)
    }

    mutating func remove(_ name: String, from room: String) throws -> [ClientMessage] {
        let ids = self.ids
        return try self.encryption.remove(name, from: room, makeID: ids.next, messageBytes: 65_536)
    }

    mutating func add(_ name: String, to room: String) throws -> [ClientMessage] {
        let ids = self.ids
        return try self.encryption.add(name, to: room, makeID: ids.next)
    }

    mutating func dueRotations(now: ContinuousClock.Instant) -> [ClientMessage] {
        let ids = self.ids
        return self.encryption.dueRotations(now: now, makeID: ids.next, messageBytes: 65_536)
    }

    /// The presence of this member joining `room`, with its key and box, as the relay sends it.
    func joined(_ room: String, seq: UInt64 = 1) -> Presence {
        Presence(room: room, seq: seq, event: .joined, name: self.name, key: self.identity.publicKey.text, box: self.identity.sealingKey.box.text)
    }

    /// This member's departure: by asking (`leave`), or its connection ending.
    func left(_ room: String, asked: Bool, seq: UInt64 = 1) -> Presence {
        Presence(room: room, seq: seq, event: .left, name: self.name, reason: asked ? .leave : nil)
    }

    /// Meets others: their keys and boxes, as presence in a room would give them.
    mutating func meet(_ others: [Party], in room: String) {
        for other in others where other.name != self.name {
            self.encryption.receive(other.joined(room), members: [], now: .now)
        }
    }

    /// A frame this member sends (a `share`, or a sealed `say`), as the others receive it.
    func received(_ message: ClientMessage, seq: UInt64) -> ChatMessage {
        let (kind, say): (ChatMessage.Kind, Say) =
            switch message {
            case .share(let say): (.share, say)
            case .action(let say): (.action, say)
            case .say(let say): (.message, say)
            default: fatalError("not a room frame: \(message)")
            }
        return ChatMessage(
            kind: kind,
            room: say.room,
            seq: seq,
            from: self.name,
            text: say.text,
            time: 0,
            id: say.id,
            key: self.identity.publicKey.text
        )
    }

    /// What this member says in `room`, sealed as the client would send it.
    func say(_ text: String, in room: String, id: String) throws -> ClientMessage {
        try self.encryption.keyring.seal(.say(Say(id: id, room: room, text: text)), sender: self.identity.publicKey)
    }

    /// Receives a share from the room (signed: the client checked that).
    mutating func receive(_ share: ChatMessage, isHistory: Bool = false) -> [ChatEvent] {
        self.encryption.receiveShare(share, signed: true, isHistory: isHistory)
    }

    func currentKey(_ room: String) -> KeyID? { self.encryption.keyring.keychain(of: room)?.current }
}

extension ClientMessage {
    var shareID: String? {
        if case .share(let say) = self { say.id } else { nil }
    }
}
