import ChatProtocol
import NIOCore
import RelayProtocol

extension IRCSession {
    /// `PRIVMSG` or `NOTICE` to channels and nicks: a room message or a direct message to each target.
    /// A `NOTICE` is never answered with an error (RFC 2812 §3.3.2).
    mutating func say(_ message: IRCMessage, nick: String, isNotice: Bool, outbox: Outbox) {
        func problem(_ line: ByteBuffer) {
            if !isNotice { outbox.push(line) }
        }
        guard let targets = message[0] else { return problem(IRCLine.numeric("411", to: nick, trailing: "No recipient given (\(message.command))")) }
        guard let raw = message[1], !raw.isEmpty else { return problem(IRCLine.numeric("412", to: nick, trailing: "No text to send")) }
        guard let (text, isAction) = Self.text(of: raw) else { return }  // another CTCP request: nothing to relay
        switch MessageText.verdict(on: text, limit: self.context.configuration.maxMessageBytes) {
        case .relay: break
        case .blank: return
        case .refused(let refusal):
            self.context.metrics.count(refusal)
            return problem(IRCLine.make("NOTICE", [nick], trailing: "\(refusal): not sent"))
        }
        self.context.log(.trace, "line received", metadata: ["bytes": "\(text.count)"])  // its size, never its text
        for target in targets.split(separator: ",").map(String.init) {
            if target.hasPrefix("#") {
                self.sayInRoom(target, text: text, isAction: isAction, nick: nick, isNotice: isNotice, problem: problem)
            } else {
                self.sayDirectly(to: target, text: text, isAction: isAction, nick: nick, isNotice: isNotice, problem: problem)
            }
        }
    }

    /// The text of a `PRIVMSG` without IRC's formatting codes, and whether it is a CTCP `ACTION` (`/me`);
    /// `nil` for any other CTCP request (`VERSION`, `PING`), which the chat has no answer for.
    static func text(of raw: String) -> (text: [UInt8], isAction: Bool)? {
        var bytes = Array(raw.utf8)[...]
        guard bytes.first == 1 else { return (IRCText.strippingFormatting(bytes), false) }
        bytes.removeFirst()
        if bytes.last == 1 { bytes.removeLast() }
        guard bytes.starts(with: IRCEventLines.actionStart.dropFirst()) else { return nil }
        return (IRCText.strippingFormatting(bytes.dropFirst(IRCEventLines.actionStart.count - 1)), true)
    }

    private mutating func sayInRoom(_ channel: String, text: [UInt8], isAction: Bool, nick: String, isNotice: Bool, problem: (ByteBuffer) -> Void) {
        guard case .success(let room) = self.room(channel, nick: nick),
            let sender = self.context.hub.sender(self.context.connectionID, in: room.value)
        else {
            return problem(IRCLine.numeric("404", to: nick, [channel], trailing: "Cannot send to channel"))
        }
        guard !self.member.isSealed(room.value) else {
            return problem(
                IRCLine.numeric("404", to: nick, [channel], trailing: "Cannot send to channel (end-to-end encrypted: IRC cannot send here)")
            )
        }
        self.sent += 1
        let say = Envelope(
            kind: .say,
            flags: isAction ? .action : [],
            origin: self.context.origin,
            room: room.value,
            sender: sender,
            clientMessageID: isNotice ? IRCReplies.RequestID.noticePrefix + "\(self.sent)" : "irc-\(self.sent)",
            payload: text
        )
        if let failure = self.failure(of: self.context.send(say), nick: nick) { problem(failure) }
    }

    private mutating func sayDirectly(to target: String, text: [UInt8], isAction: Bool, nick: String, isNotice: Bool, problem: (ByteBuffer) -> Void) {
        guard case .success(let addressee) = IRCNick.decode(target) else {
            return problem(IRCLine.numeric("401", to: nick, [target], trailing: "No such nick"))
        }
        self.sent += 1
        let sender = self.context.hub.name(of: self.context.connectionID) ?? ""
        // Direct messages have no actions: a `/me` goes as the text plain clients show an action as.
        let direct = Envelope.direct(
            origin: self.context.origin,
            sender: sender,
            addressee: addressee.value,
            clientMessageID: isNotice ? IRCReplies.RequestID.noticePrefix + "\(self.sent)" : IRCReplies.RequestID.direct(self.sent, to: target),
            text: isAction ? Array("* \(sender) ".utf8) + text : text
        )
        if let failure = self.failure(of: self.context.send(direct), nick: nick) { problem(failure) }
    }
}
