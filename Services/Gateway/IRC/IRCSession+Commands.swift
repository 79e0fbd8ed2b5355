import ChatProtocol
import NIOCore
import RelayProtocol

extension IRCSession {
    /// A registered client's command (docs/PROTOCOL.md, "Commands").
    mutating func command(_ message: IRCMessage, nick: String, outbox: Outbox) {
        switch message.command {
        case "JOIN": self.join(message, nick: nick, outbox: outbox)
        case "PART": self.part(message, nick: nick, outbox: outbox)
        case "PRIVMSG": self.say(message, nick: nick, isNotice: false, outbox: outbox)
        case "NOTICE": self.say(message, nick: nick, isNotice: true, outbox: outbox)
        case "NAMES": self.members(message, nick: nick, id: IRCReplies.RequestID.names, outbox: outbox)
        case "WHO": self.members(message, nick: nick, id: IRCReplies.RequestID.who, outbox: outbox)
        case "TOPIC": self.topic(message, nick: nick, outbox: outbox)
        case "MODE": self.mode(message, nick: nick, outbox: outbox)
        case "NICK": self.rename(message, nick: nick, outbox: outbox)
        case "PASS", "USER": outbox.push(IRCLine.numeric("462", to: nick, trailing: "You may not reregister"))
        default: outbox.push(IRCLine.numeric("421", to: nick, [message.command], trailing: "Unknown command"))
        }
    }

    /// The room a channel name stands for (`#Lobby` is `lobby`), or the `403` that says why there is none.
    func room(_ channel: String, nick: String) -> Result<RoomName, IRCReply> {
        guard channel.hasPrefix("#") else { return .failure(IRCReply(IRCLine.numeric("403", to: nick, [channel], trailing: "No such channel"))) }
        do {
            return .success(try RoomName(validating: String(channel.dropFirst()).lowercased()))
        } catch {
            return .failure(IRCReply(IRCLine.numeric("403", to: nick, [channel], trailing: error.description)))
        }
    }

    private func join(_ message: IRCMessage, nick: String, outbox: Outbox) {
        guard let list = message[0] else { return outbox.pushLine(IRCLine.numeric("461", to: nick, ["JOIN"], trailing: "Not enough parameters")) }
        if list == "0" {
            for room in self.context.hub.rooms(of: self.context.connectionID) { self.leave(room, nick: nick, outbox: outbox) }
            return
        }
        for channel in list.split(separator: ",").map(String.init) {
            let room: RoomName
            switch self.room(channel, nick: nick) {
            case .success(let found): room = found
            case .failure(let reply):
                outbox.push(reply.line)
                continue
            }
            guard self.context.hub.sender(self.context.connectionID, in: room.value) == nil else { continue }  // in it already
            self.context.hub.beginJoin(self.context.connectionID, room: room.value)
            let join = Envelope(kind: .join, origin: self.context.origin, room: room.value, clientMessageID: IRCReplies.RequestID.join)
            if let failure = self.failure(of: self.context.send(join), nick: nick) {
                self.context.hub.abandonJoin(self.context.connectionID, room: room.value)
                outbox.push(failure)
            }
        }
    }

    private func part(_ message: IRCMessage, nick: String, outbox: Outbox) {
        guard let list = message[0] else { return outbox.pushLine(IRCLine.numeric("461", to: nick, ["PART"], trailing: "Not enough parameters")) }
        for channel in list.split(separator: ",").map(String.init) {
            guard case .success(let room) = self.room(channel, nick: nick), self.context.hub.sender(self.context.connectionID, in: room.value) != nil
            else {
                outbox.push(IRCLine.numeric("442", to: nick, [channel], trailing: "You're not on that channel"))
                continue
            }
            self.leave(room.value, nick: nick, outbox: outbox)
        }
    }

    private func leave(_ room: String, nick: String, outbox: Outbox) {
        guard self.context.hub.leave(self.context.connectionID, room: room) else { return }
        self.member.forget(room)
        _ = self.context.link.sendAnyway(Envelope(kind: .leave, origin: self.context.origin, room: room))
        outbox.push(IRCLine.make(prefix: IRCLine.userPrefix(nick), "PART", [IRCEventLines.channel(room)]))
    }

    private func members(_ message: IRCMessage, nick: String, id: String, outbox: Outbox) {
        guard let channel = message[0]?.split(separator: ",").first.map(String.init) else {
            return outbox.pushLine(IRCLine.numeric(id == IRCReplies.RequestID.who ? "315" : "366", to: nick, ["*"], trailing: "End of list"))
        }
        guard case .success(let room) = self.room(channel, nick: nick) else {
            // WHO of a nick: the chat shows nobody's host, so the list is empty.
            return outbox.pushLine(IRCLine.numeric(id == IRCReplies.RequestID.who ? "315" : "366", to: nick, [channel], trailing: "End of list"))
        }
        let who = Envelope(kind: .who, origin: self.context.origin, room: room.value, clientMessageID: id)
        if let failure = self.failure(of: self.context.send(who), nick: nick) { outbox.push(failure) }
    }

    private func topic(_ message: IRCMessage, nick: String, outbox: Outbox) {
        guard let channel = message[0] else { return outbox.pushLine(IRCLine.numeric("461", to: nick, ["TOPIC"], trailing: "Not enough parameters")) }
        switch self.room(channel, nick: nick) {
        case .failure(let reply): outbox.push(reply.line)
        case .success(let room):
            let channel = IRCEventLines.channel(room.value)
            guard message.parameters.count < 2 else {
                return outbox.pushLine(IRCLine.numeric("482", to: nick, [channel], trailing: "Topics are read-only here: a room's topic is its name"))
            }
            outbox.push(IRCReplies.topic(channel, nick: nick))
        }
    }

    private func mode(_ message: IRCMessage, nick: String, outbox: Outbox) {
        guard let target = message[0] else { return outbox.pushLine(IRCLine.numeric("461", to: nick, ["MODE"], trailing: "Not enough parameters")) }
        let change = message[1]
        guard target.hasPrefix("#") else {
            // User modes cannot change: the answer to a change is the modes as they stay. irssi asks for +i on every
            // connect, and an error there would greet each of its users.
            return outbox.pushLine(IRCLine.numeric("221", to: nick, ["+"]))
        }
        switch (self.room(target, nick: nick), change) {
        case (.failure(let reply), _): outbox.push(reply.line)
        case (.success(let room), nil): outbox.push(IRCLine.numeric("324", to: nick, [IRCEventLines.channel(room.value), "+"]))
        case (.success(let room), "b"), (.success(let room), "+b"):
            outbox.push(IRCLine.numeric("368", to: nick, [IRCEventLines.channel(room.value)], trailing: "End of channel ban list"))
        case (.success(let room), _):
            outbox.push(IRCLine.numeric("482", to: nick, [IRCEventLines.channel(room.value)], trailing: "Modes are fixed here"))
        }
    }

    private func rename(_ message: IRCMessage, nick: String, outbox: Outbox) {
        guard let wanted = message[0], !wanted.isEmpty else {
            return outbox.pushLine(IRCLine.numeric("431", to: nick, trailing: "No nickname given"))
        }
        guard wanted != nick else { return }
        let name: UserName
        switch IRCNick.decode(wanted) {
        case .success(let decoded): name = decoded
        case .failure(let refusal): return outbox.pushLine(IRCLine.numeric("432", to: nick, [wanted], trailing: refusal.reason))
        }
        let rename = Envelope.rename(origin: self.context.origin, to: name.value, clientMessageID: IRCReplies.RequestID.rename)
        if let failure = self.failure(of: self.context.send(rename), nick: nick) { outbox.push(failure) }
    }

    /// The notice for a send that did not happen.
    func failure(of result: RelayLink.SendResult, nick: String) -> ByteBuffer? {
        switch result {
        case .sent: nil
        case .unavailable: IRCLine.make("NOTICE", [nick], trailing: SessionContext.unavailableText)
        case .busy: IRCLine.make("NOTICE", [nick], trailing: SessionContext.busyText)
        }
    }
}

/// A line that answers a command with a problem.
struct IRCReply: Error {
    let line: ByteBuffer
    init(_ line: ByteBuffer) { self.line = line }
}
