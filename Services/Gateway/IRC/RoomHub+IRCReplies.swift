import ChatProtocol
import NIOCore
import RelayProtocol

extension RoomHub {
    /// An IRC connection's lines for a relay reply the hub set aside: a room's snapshot, a member list or a
    /// direct message. Built with the hub's lock let go, since a snapshot's history is decoded and worded here.
    func ircLines(answering envelope: Envelope, to record: Connection) -> [ByteBuffer] {
        switch envelope.kind {
        case .joined: [self.ircJoined(envelope, record: record)]
        case .members: [IRCReplies.members(envelope, nick: IRCNick.encode(record.name ?? ""))]
        case .direct: self.ircDirect(envelope, to: record)
        default: []
        }
    }

    /// An IRC connection entered a room: `JOIN`, topic, names and history (``IRCReplies/joined(snapshot:nick:irc:linkBase:)``).
    func ircJoined(_ envelope: Envelope, record: Connection) -> ByteBuffer {
        guard let irc = record.irc else { return ByteBuffer() }
        let nick = IRCNick.encode(record.name ?? "")
        return IRCReplies.joined(snapshot: envelope.payload, nick: nick, irc: irc, linkBase: self.fileLinks.origin(requestedHost: record.linkHost))
    }

    /// A direct message to an IRC connection: a `PRIVMSG` to its nick, or once per sender, for a sealed one, a notice.
    func ircDirect(_ envelope: Envelope, to record: Connection) -> [ByteBuffer] {
        guard let irc = record.irc, let event = IRCChatEvent(envelope, linkBase: self.fileLinks.origin(requestedHost: record.linkHost)) else { return [] }
        let nick = IRCNick.encode(record.name ?? "")
        guard event.body != .sealed else {
            return irc.firstSealedDirect(from: envelope.sender) ? [IRCEventLines.sealedDirectNotice(from: envelope.sender, to: nick)] : []
        }
        return [IRCEventLines.privmsg(event, to: nick, timed: irc.serverTime)]
    }
}

extension IRCReplies {
    /// The ids an IRC session gives its requests, so that the relay's answer can be worded for IRC.
    enum RequestID {
        /// A `NICK` after registration.
        static let rename = "irc-nick"
        /// A `NAMES`.
        static let names = "irc-names"
        /// A `WHO`.
        static let who = "irc-who"
        /// A `JOIN`: its snapshot must not be mistaken for one of a claim.
        static let join = "irc-join"
        /// What a `NOTICE`'s ids start with: the relay's errors about it are never answered (RFC 2812 §3.3.2).
        static let noticePrefix = "irc-notice-"
        /// A `PRIVMSG` to a nick: `irc-N>NICK`, unique (the relay drops an id it saw) and naming the addressee for a `401`.
        static func direct(_ number: Int, to nick: String) -> String { "irc-\(number)>\(nick)" }
    }

    /// `:OLD!chat@private-chat NICK NEW`, the answer to a rename.
    static func renamed(from old: String, to new: String) -> ByteBuffer {
        IRCLine.make(prefix: IRCLine.userPrefix(IRCNick.encode(old)), "NICK", [IRCNick.encode(new)])
    }

    /// The relay's member list, as the `NAMES` or `WHO` that asked for it.
    static func members(_ envelope: Envelope, nick: String) -> ByteBuffer {
        let channel = IRCEventLines.channel(envelope.room)
        let members = Self.memberNames(envelope.payload)
        return envelope.clientMessageID == RequestID.who
            ? Self.who(channel, members: members, nick: nick) : Self.names(channel, members: members, nick: nick)
    }

    /// A relay error for an IRC connection: a refused name is `432`/`433` (the client may try another), an
    /// unknown addressee `401`, anything else a notice; nothing about a `NOTICE`.
    static func error(_ code: ErrorCode, _ message: String, id: String, claimFailed: Bool, record: RoomHub.Connection) -> ByteBuffer {
        let current = record.name.map(IRCNick.encode) ?? "*"
        let requested = IRCNick.encode(record.requestedName)
        switch code {
        case .nameTaken, .nameBound:
            return IRCLine.numeric("433", to: current, [claimFailed ? requested : Self.renameTarget(message) ?? requested], trailing: message)
        case .invalidName:
            return IRCLine.numeric("432", to: current, [requested], trailing: message)
        case .unknownUser:
            guard !id.hasPrefix(RequestID.noticePrefix) else { return ByteBuffer() }
            let target = id.split(separator: ">", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            return IRCLine.numeric("401", to: current, [target], trailing: "No such nick")
        default:
            guard !id.hasPrefix(RequestID.noticePrefix) else { return ByteBuffer() }
            return IRCLine.make("NOTICE", [current], trailing: message)
        }
    }

    /// The name a refused rename asked for, from the relay's message `the name "NAME" is …`.
    private static func renameTarget(_ message: String) -> String? {
        guard let start = message.firstIndex(of: "\""), let end = message[message.index(after: start)...].firstIndex(of: "\"") else { return nil }
        return IRCNick.encode(String(message[message.index(after: start)..<end]))
    }
}
