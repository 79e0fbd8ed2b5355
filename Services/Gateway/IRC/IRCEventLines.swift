import NIOCore
import RelayProtocol

/// The lines IRC clients get for the chat's events (docs/PROTOCOL.md, "What IRC clients see"): built once
/// per event and shared by every IRC member that gets them.
enum IRCEventLines {
    /// `:NAME!chat@private-chat PRIVMSG TARGET :text`, one line per line of the text, each cut to fit 512
    /// bytes; with `timed`, each led by the `server-time` tag of the event's relay time.
    static func privmsg(_ event: IRCChatEvent, to target: String, timed: Bool) -> ByteBuffer {
        let (text, isAction): (ArraySlice<UInt8>, Bool)
        switch event.body {
        case .text(let bytes): (text, isAction) = (bytes, false)
        case .action(let bytes): (text, isAction) = (bytes, true)
        case .sealed: return ByteBuffer()
        }
        let header = ":\(IRCLine.userPrefix(IRCNick.encode(event.sender))) PRIVMSG \(target) :"
        let tag = timed ? "@time=\(IRCServerTime.text(milliseconds: event.time)) " : ""
        let wrapper = isAction ? Self.actionStart.count + 1 : 0
        let limit = max(IRCLineDecoder.maximumMessageBytes - 2 - header.utf8.count - wrapper, 16)
        let lines = IRCText.lines(text, limit: limit)
        var buffer = ByteBufferAllocator().buffer(capacity: lines.count * (tag.utf8.count + header.utf8.count + wrapper + 2) + text.count)
        for line in lines {
            buffer.writeString(tag)
            buffer.writeString(header)
            if isAction { buffer.writeBytes(Self.actionStart) }
            buffer.writeBytes(line)
            if isAction { buffer.writeInteger(UInt8(1)) }
            buffer.writeStaticString("\r\n")
        }
        return buffer
    }

    /// How a CTCP action starts (and `\x01` ends it).
    static let actionStart = Array("\u{1}ACTION ".utf8)

    /// The channel of a room.
    static func channel(_ room: String) -> String { "#" + room }

    /// A member joined, left or was renamed: `JOIN #a`, `PART #a` (it asked to leave), `QUIT :left the chat`
    /// (it is gone) or `NICK NEW`.
    static func presence(_ envelope: Envelope) -> ByteBuffer {
        if envelope.flags.contains(.renamed) {
            let from = envelope.previousName ?? envelope.sender
            return IRCLine.make(prefix: IRCLine.userPrefix(IRCNick.encode(from)), "NICK", [IRCNick.encode(envelope.sender)])
        }
        let prefix = IRCLine.userPrefix(IRCNick.encode(envelope.sender))
        guard envelope.flags.contains(.left) else { return IRCLine.make(prefix: prefix, "JOIN", [Self.channel(envelope.room)]) }
        if envelope.flags.contains(.byRequest) { return IRCLine.make(prefix: prefix, "PART", [Self.channel(envelope.room)]) }
        return IRCLine.make(prefix: prefix, "QUIT", trailing: "left the chat")
    }

    /// Said once per channel in place of its first sealed message.
    static func sealedRoomNotice(_ room: String) -> ByteBuffer {
        let channel = Self.channel(room)
        return IRCLine.make(
            "NOTICE",
            [channel],
            trailing: "\(channel) is end-to-end encrypted: its messages cannot be read over IRC; open it in the web GUI or chat"
        )
    }

    /// Said once per sender in place of its first sealed direct message.
    static func sealedDirectNotice(from sender: String, to nick: String) -> ByteBuffer {
        IRCLine.make(
            "NOTICE",
            [nick],
            trailing: "\(IRCNick.encode(sender)) sent you an end-to-end encrypted direct message, which IRC cannot show"
        )
    }
}

/// IRCv3 `server-time`: `YYYY-MM-DDThh:mm:ss.sssZ`, in UTC.
enum IRCServerTime {
    static func text(milliseconds: UInt64) -> String {
        let seconds = Int64(milliseconds / 1000)
        let (days, secondOfDay) = (seconds / 86_400, seconds % 86_400)
        let (year, month, day) = Self.civil(daysSince1970: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int64(milliseconds % 1000)
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)).\(fraction)Z"
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
