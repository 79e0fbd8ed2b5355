import ChatProtocol
import NIOCore
import RelayProtocol

/// One IRC client's side of the chat: registration (CAP, PASS, NICK, USER), then its commands
/// (docs/PROTOCOL.md, "5. IRC clients"). Fed parsed, paced messages on its connection's event loop.
///
/// To the relay it is a member without an identity key whose claim is not `plain`: it gets snapshots with
/// members and history. The relay's answers reach the client through the hub (``RoomHub/ircJoined(_:record:)``).
struct IRCSession {
    let context: SessionContext
    let access: IRCAccess
    /// The failure-counting key of the TCP peer (``ClientAddressRule/failureCountingKey(peer:forwarded:)``).
    let clientKey: String
    /// Where the links of shared files it is shown point (``FileLinkBase/authority(connectedTo:)``).
    let linkHost: String
    /// What the fan-out reads of this connection.
    let member = IRCMemberState()

    /// The name asked for with `NICK` before registration, as a nick.
    var requestedNick: String?
    var sentUser = false
    /// `CAP LS` or `CAP REQ` came and `CAP END` not yet: registration waits.
    var negotiatingCapabilities = false
    var pass: String?
    /// The access key was checked and let the connection through.
    var admitted = false
    var registeredWithHub = false
    /// Numbers the ids of the messages it sends, so that one sent again after a relay failover is recognised.
    var sent = 0

    init(context: SessionContext, access: IRCAccess, clientKey: String, linkHost: String = "") {
        self.linkHost = linkHost
        self.context = context
        self.access = access
        self.clientKey = clientKey
    }

    /// The connection is open.
    mutating func start(outbox: Outbox) {
        self.registeredWithHub = self.context.register(mode: .irc, outbox: outbox, linkHost: self.linkHost, irc: self.member)
    }

    /// The connection is gone.
    func end() {
        guard self.registeredWithHub else { return }
        self.context.unregister()
        if self.context.hub.name(of: self.context.connectionID) != nil || self.admitted {
            self.context.log(.info, "client left", metadata: ["mode": "irc"])
        }
    }

    /// The nick the relay granted; `nil` before registration completed.
    var nick: String? { self.context.hub.name(of: self.context.connectionID).map(IRCNick.encode) }

    /// Handles one message from the client.
    mutating func receive(_ message: IRCMessage, outbox: Outbox) {
        guard !outbox.isClosed else { return }
        switch message.command {
        case "CAP": return self.capability(message, outbox: outbox)
        case "PING": return self.ping(message, outbox: outbox)
        case "PONG": return
        case "QUIT": return outbox.close(.normal)
        default: break
        }
        guard let nick = self.nick else {
            guard message.isRegistration else { return outbox.pushLine(IRCLine.numeric("451", to: "*", trailing: "You have not registered")) }
            return self.register(message, outbox: outbox)
        }
        self.command(message, nick: nick, outbox: outbox)
    }

    private func ping(_ message: IRCMessage, outbox: Outbox) {
        outbox.push(IRCLine.make("PONG", [IRCLine.server], trailing: message[0] ?? ""))
    }

    /// `CAP LS`, `REQ`, `LIST` and `END` (IRCv3 capability negotiation): registration waits for `END`.
    private mutating func capability(_ message: IRCMessage, outbox: Outbox) {
        let target = self.nick ?? "*"
        let registered = self.nick != nil
        switch message[0]?.uppercased() {
        case "LS":
            if !registered { self.negotiatingCapabilities = true }
            outbox.push(IRCLine.make("CAP", [target, "LS"], trailing: IRCReplies.capabilities.joined(separator: " ")))
        case "REQ":
            if !registered { self.negotiatingCapabilities = true }
            let requested = (message[1] ?? "").split(separator: " ").map(String.init)
            let supported = requested.allSatisfy { IRCReplies.capabilities.contains($0.hasPrefix("-") ? String($0.dropFirst()) : $0) }
            guard supported, !requested.isEmpty else {
                return outbox.pushLine(IRCLine.make("CAP", [target, "NAK"], trailing: message[1] ?? ""))
            }
            for capability in requested where capability.hasSuffix("server-time") {
                self.member.enableServerTime(!capability.hasPrefix("-"))
            }
            outbox.push(IRCLine.make("CAP", [target, "ACK"], trailing: message[1] ?? ""))
        case "LIST":
            let enabled = self.member.serverTime ? "message-tags server-time" : ""
            outbox.push(IRCLine.make("CAP", [target, "LIST"], trailing: enabled))
        case "END":
            guard !registered else { return }
            self.negotiatingCapabilities = false
            self.completeRegistration(outbox: outbox)
        default:
            outbox.push(IRCLine.numeric("410", to: target, [message[0] ?? ""], trailing: "Invalid CAP command"))
        }
    }

    /// Before registration: `PASS`, `NICK` and `USER` (the rest of ``IRCMessage/isRegistration`` is handled for everyone).
    private mutating func register(_ message: IRCMessage, outbox: Outbox) {
        switch message.command {
        case "PASS":
            self.pass = message[0]
        case "USER":
            guard message.parameters.count >= 4 else {
                return outbox.pushLine(IRCLine.numeric("461", to: "*", ["USER"], trailing: "Not enough parameters"))
            }
            self.sentUser = true
            self.completeRegistration(outbox: outbox)
        case "NICK":
            guard let nick = message[0], !nick.isEmpty else { return outbox.pushLine(IRCLine.numeric("431", to: "*", trailing: "No nickname given")) }
            if case .failure(let refusal) = IRCNick.decode(nick) {
                return outbox.pushLine(IRCLine.numeric("432", to: "*", [nick], trailing: refusal.reason))
            }
            self.requestedNick = nick
            self.completeRegistration(outbox: outbox)
        default:
            break
        }
    }

    /// Once NICK, USER (and CAP END, if CAP was used) came: the access key, then the name's claim at the relay.
    private mutating func completeRegistration(outbox: Outbox) {
        guard self.sentUser, !self.negotiatingCapabilities, let nick = self.requestedNick, case .success(let name) = IRCNick.decode(nick) else {
            return
        }
        guard self.registeredWithHub else { return }
        if !self.admitted {
            if let refusal = self.access.refusal(pass: self.pass, clientKey: self.clientKey) {
                self.context.log(.notice, "IRC client refused", metadata: ["reason": "\(refusal.reason)"])
                if refusal.passwordIncorrect { outbox.push(IRCLine.numeric("464", to: "*", trailing: "Password incorrect")) }
                return outbox.close(.ircRefused(refusal.reason))
            }
            self.admitted = true
            self.pass = nil  // not kept longer than needed
        }
        let session = SessionToken.random().value
        guard self.context.hub.beginClaim(self.context.connectionID, name: name.value, session: session, rooms: []) == .go else { return }
        let claim = Envelope.claim(origin: self.context.origin, name: name.value, session: session, request: ClaimRequest(rooms: []))
        switch self.context.send(claim) {
        case .sent:
            self.context.log(.info, "client joined", metadata: ["name": "\(name)", "mode": "irc"])
        case .unavailable, .busy:
            _ = self.context.hub.unregisterClaim(self.context.connectionID)
            outbox.push(IRCLine.make("NOTICE", ["*"], trailing: SessionContext.unavailableText))
        }
    }
}

extension Outbox.Closing {
    /// An IRC connection refused at registration: its `ERROR` line says `reason`.
    static func ircRefused(_ reason: String) -> Outbox.Closing {
        Outbox.Closing(code: .policyViolation, reason: reason)
    }
}
