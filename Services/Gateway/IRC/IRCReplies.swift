import ChatProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server's answers to one IRC client (docs/PROTOCOL.md, "Registration" and "Commands"), as lines.
enum IRCReplies {
    /// What `004` names as the server's version.
    static let version = "private-chat-1"
    /// What `CAP LS` offers.
    static let capabilities = ["server-time", "message-tags"]

    /// `001` to `005` and the message of the day, once the relay granted the name.
    static func welcome(nick: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 1024)
        func numeric(_ code: String, _ parameters: [String] = [], _ trailing: String) {
            IRCLine.write(into: &buffer, code, [nick] + parameters, trailing: trailing)
        }
        numeric("001", [], "Welcome to Private Chat, \(nick)")
        numeric("002", [], "Your host is \(IRCLine.server), running version \(Self.version)")
        numeric("003", [], "This server relays Private Chat to IRC clients")
        IRCLine.write(into: &buffer, "004", [nick, IRCLine.server, Self.version, "i", "n"])
        numeric(
            "005",
            ["CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=384", "CHANNELLEN=65", "PREFIX=()", "CHANMODES=,,,", "NETWORK=PrivateChat", "UTF8ONLY"],
            "are supported by this server"
        )
        numeric("375", [], "- \(IRCLine.server) Message of the day -")
        for line in Self.messageOfTheDay { numeric("372", [], "- " + line) }
        numeric("376", [], "End of /MOTD command.")
        return buffer
    }

    /// How rooms map to channels, for the people reading the message of the day.
    static let messageOfTheDay = [
        "Rooms are channels: /join #lobby (room names are lowercase a-z 0-9 - _ .).",
        "Names with characters IRC cannot carry are escaped: Ann Lee is Ann\\20Lee.",
        "End-to-end encrypted rooms cannot be read over IRC: open them in the web GUI or chat.",
    ]

    /// `JOIN`, the topic, the names and the room's last messages, for a room just entered.
    static func joined(snapshot payload: [UInt8], nick: String, irc: IRCMemberState, linkBase: String) -> ByteBuffer {
        guard let snapshot = try? JSONDecoder().decode(RoomSnapshot.self, from: Data(payload)) else { return ByteBuffer() }
        let channel = IRCEventLines.channel(snapshot.room)
        var buffer = IRCLine.make(prefix: IRCLine.userPrefix(nick), "JOIN", [channel])
        buffer.writeImmutableBuffer(Self.topic(channel, nick: nick))
        buffer.writeImmutableBuffer(Self.names(channel, members: snapshot.members, nick: nick))
        let timed = irc.serverTime
        for message in snapshot.history.suffix(Self.historyLines) {
            guard let event = IRCChatEvent(message, linkBase: linkBase) else { continue }
            if event.body == .sealed {
                if irc.firstSealed(in: snapshot.room) { buffer.writeImmutableBuffer(IRCEventLines.sealedRoomNotice(snapshot.room)) }
                continue
            }
            buffer.writeImmutableBuffer(IRCEventLines.privmsg(event, to: channel, timed: timed))
        }
        return buffer
    }

    /// How many of a room's last messages a `JOIN` replays.
    static let historyLines = 50

    /// `332`: a room's topic is its name.
    static func topic(_ channel: String, nick: String) -> ByteBuffer {
        IRCLine.numeric("332", to: nick, [channel], trailing: String(channel.dropFirst()))
    }

    /// `353` lines (as many as 512 bytes need) and `366`.
    static func names(_ channel: String, members: [String], nick: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 128 + members.count * 12)
        let header = ":\(IRCLine.server) 353 \(nick) = \(channel) :"
        let limit = IRCLineDecoder.maximumMessageBytes - 2 - header.utf8.count
        var line = ""
        for member in members.map(IRCNick.encode) {
            if !line.isEmpty, line.utf8.count + 1 + member.utf8.count > limit {
                IRCLine.write(into: &buffer, "353", [nick, "=", channel], trailing: line)
                line = ""
            }
            line += line.isEmpty ? member : " " + member
        }
        if !line.isEmpty { IRCLine.write(into: &buffer, "353", [nick, "=", channel], trailing: line) }
        IRCLine.write(into: &buffer, "366", [nick, channel], trailing: "End of /NAMES list")
        return buffer
    }

    /// `352` per member and `315`, the answer to `WHO #a`.
    static func who(_ channel: String, members: [String], nick: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64 + members.count * 80)
        for member in members.map(IRCNick.encode) {
            IRCLine.write(into: &buffer, "352", [nick, channel, "chat", IRCLine.server, IRCLine.server, member, "H"], trailing: "0 \(member)")
        }
        IRCLine.write(into: &buffer, "315", [nick, channel], trailing: "End of /WHO list")
        return buffer
    }

    /// The member names of a relay `members` answer (a JSON array of strings).
    static func memberNames(_ payload: [UInt8]) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(payload))) ?? []
    }

    /// `ERROR :Closing link: REASON`, the last line before the gateway closes the connection.
    static func closingLink(_ reason: String) -> ByteBuffer {
        IRCLine.make(prefix: nil, "ERROR", trailing: reason.isEmpty ? "Closing link" : "Closing link: \(reason)")
    }
}
