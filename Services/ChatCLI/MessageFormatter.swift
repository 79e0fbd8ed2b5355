public import ChatClient
public import ChatProtocol
import Rainbow

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns chat events into lines for people (interactive) or for scripts (one event per line).
public struct MessageFormatter: Sendable {
    /// Colour names, dim quiet lines and style markup (off with `NO_COLOR`, or when output is not a terminal:
    /// then a text is shown as written, shortcodes replaced).
    public var colors: Bool
    /// Show `[room]` before room lines (when in several rooms).
    public var showsRooms: Bool
    /// Our own name, to write "you" where it helps.
    public var ownName: String
    /// End-to-end encrypted rooms, shown with a lock.
    public var encryptedRooms: Set<String>
    /// Show each room message's `#N` (its room sequence), which `/reply`, `/edit`, `/delete` and `/react` take.
    public var showsRefs: Bool

    public init(colors: Bool, showsRooms: Bool = false, ownName: String = "", encryptedRooms: Set<String> = [], showsRefs: Bool = false) {
        self.colors = colors
        self.showsRooms = showsRooms
        self.ownName = ownName
        self.encryptedRooms = encryptedRooms
        self.showsRefs = showsRefs
    }

    /// The lock shown on encrypted rooms.
    public static let lock = "🔒"

    // MARK: Interactive

    /// `12:03 bob: hi`, `12:03 * bob waves`, quiet presence lines, notices.
    ///
    /// In encrypted rooms a text that could not be opened is a marker in red, and one that came
    /// unsealed is marked so in yellow: nobody should take it for a private message. A message that
    /// mentions the reader is marked `»` and shown in reverse video.
    public func line(for message: ChatMessage, encryption: MessageEncryption = .none, signature: SignatureState? = nil) -> String {
        let mentioned = self.mentionsReader(message)
        let text = self.text(message.text, encryption: encryption, highlighted: mentioned)
        let prefix = self.time(message.time) + self.room(message.room) + self.ref(message.seq) + (mentioned ? "» " : "")
        let from = self.name(message.from) + (signature.map(self.mark) ?? "")
        switch message.kind {
        case .message, .share, .edit, .delete, .reaction: return prefix + from + ": " + text
        case .action: return prefix + "* " + from + " " + text
        case .file: return self.fileLine(for: message, encryption: encryption, signature: signature)
        }
    }

    /// A room text as shown: its markup (sanitized, indented), a marker in red for one that could not be
    /// opened, and marked when it came unsealed where it should be sealed. `highlighted` puts the text in
    /// reverse video (a mention of the reader).
    func text(_ text: String, encryption: MessageEncryption, highlighted: Bool = false) -> String {
        var shown: String { highlighted && self.colors ? TextStyle.reverse(self.markup(text)) : self.markup(text) }
        switch encryption {
        case .none, .decrypted: return shown
        case .undecryptable, .sealedWithoutKey, .leftOut: return self.styled(text, .red)
        case .unencrypted: return self.styled(MessageEncryption.notEncryptedMarker, .yellow) + " " + shown
        }
    }

    /// What we said, shown when we send it.
    public func ownLine(_ text: String, room: String, action: Bool, time: UInt64, seq: UInt64? = nil) -> String {
        let prefix = self.time(time) + self.room(room) + (seq.map(self.ref) ?? "")
        let text = self.markup(text)
        return action ? prefix + "* " + self.name(self.ownName) + " " + text : prefix + self.name(self.ownName) + ": " + text
    }

    /// `12:03 🔒 [private] alice → bob: text` (sealed end to end) or `12:03 [private] alice → bob: [not
    /// encrypted] text`, both for what we send and what we receive.
    public func line(for direct: DirectMessage, encryption: MessageEncryption = .none, signature: SignatureState? = nil) -> String {
        let text = self.text(direct.text, encryption: encryption)
        let lock = encryption == .decrypted ? Self.lock + " " : ""
        return self.time(direct.time) + lock + self.styled("[private] ", .magenta) + self.name(direct.from) + (signature.map(self.mark) ?? "")
            + " → " + self.name(direct.to) + ": " + text
    }

    /// After a sender's name: ✔ for a verified contact, a warning for a changed key or a bad signature,
    /// "unsigned" for a client without a key; nothing for a key seen before.
    func mark(_ signature: SignatureState) -> String {
        switch signature {
        case .verified(let contactVerified): contactVerified ? self.styled(" ✔", .green) : ""
        case .firstSeen: ""
        case .keyChanged: self.styled(" " + Self.keyChangedMarker, .red)
        case .invalid: self.styled(" " + Self.invalidMarker, .red)
        case .unsigned: self.quiet(" " + Self.unsignedMarker)
        }
    }

    public static let keyChangedMarker = "[key changed]"
    public static let invalidMarker = "[invalid signature]"
    public static let unsignedMarker = "[unsigned]"

    /// What to tell once about a name's key: first seen, or a warning that it changed.
    public func keyNotice(name: String, state: SignatureState) -> String? {
        switch state {
        case .firstSeen(let fingerprint):
            return self.notice("first message from \(name)'s key \(fingerprint); /verify \(name) to compare safety numbers")
        case .keyChanged(let pinned, let now, let wasVerified):
            let was = wasVerified ? "your verified contact " : ""
            return self.problem(
                "⚠ the safety number with \(was)\(name) changed: their key is now \(now) (it was \(pinned)). It may be a new "
                    + "device, or someone else using the name. /verify \(name) to compare, /trust \(name) to accept it"
            )
        case .invalid:
            return self.problem("⚠ \(name) sent a key that is not one: their messages cannot be trusted")
        case .verified, .unsigned:
            return nil
        }
    }

    public func line(for presence: Presence, memberCount: Int) -> String {
        let what: String =
            switch presence.event {
            case .joined: "\(presence.name) joined \(presence.room)"
            case .left: "\(presence.name) left \(presence.room)"
            case .renamed: "\(presence.from ?? "?") is now \(presence.name) in \(presence.room)"
            }
        return self.quiet("— " + what + " (\(memberCount) here)")
    }

    /// A line from the client itself: connection state, answers, hints.
    public func notice(_ text: String) -> String {
        self.quiet("— " + text)
    }

    public func problem(_ text: String) -> String {
        self.styled("! " + text, .red)
    }

    // MARK: Scripts

    /// `[room] name: text`, `[room] * name text`, `[dm] name: text`, `[room] new room key …`; `nil` for
    /// events scripts skip (presence, and history from before the script connected). In encrypted rooms
    /// and direct messages the text is the plaintext, a marker in its place, or `[not encrypted] text`.
    ///
    /// A sender whose key changed, or whose signature does not verify, is marked after the name
    /// (`[key changed]`, `[invalid signature]`), and a contact you verified with ✔.
    public static func scripted(_ event: ChatEvent) -> String? {
        switch event {
        case .message(let message, false, let encryption, let signature) where message.kind == .file:
            let from = message.from + Self.scriptedMark(signature)
            return Self.scriptedFile(room: message.room, seq: message.seq, from: from, text: message.text, encryption: encryption, file: message.file)
        case .fileExpired(_, _, let message?):
            return Self.scriptedFile(
                room: message.room,
                seq: message.seq,
                from: message.from,
                text: message.text,
                encryption: message.encryption,
                file: message.file
            )
        case .message(let message, false, let encryption, let signature):
            let text = (encryption == .unencrypted ? MessageEncryption.notEncryptedMarker + " " : "") + sanitized(message.text)
            let from = message.from + Self.scriptedMark(signature) + (message.reply.map { " (reply to \($0.from ?? "?") #\($0.seq))" } ?? "")
            return message.kind == .action ? "[\(message.room)] * \(from) \(text)" : "[\(message.room)] \(from): \(text)"
        case .direct(let direct, let encryption, let signature):
            let text = (encryption == .unencrypted ? MessageEncryption.notEncryptedMarker + " " : "") + sanitized(direct.text)
            return "[dm] \(direct.from)\(Self.scriptedMark(signature)): \(text)"
        case .roomKey(let room, let change): return "[\(room)] " + Self.describe(change)
        case .conversation(let update): return Self.scripted(update)
        default: return nil
        }
    }

    /// Scripts are told what would mislead them; an unsigned sender is the seed's ordinary case.
    static func scriptedMark(_ signature: SignatureState) -> String {
        switch signature {
        case .verified(contactVerified: true): " ✔"
        case .keyChanged: " " + Self.keyChangedMarker
        case .invalid: " " + Self.invalidMarker
        case .verified, .firstSeen, .unsigned: ""
        }
    }

    // MARK: Pieces

    func time(_ milliseconds: UInt64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let text = (parts.tm_hour < 10 ? "0" : "") + "\(parts.tm_hour):" + (parts.tm_min < 10 ? "0" : "") + "\(parts.tm_min) "
        return self.colors ? text.lightBlack : text
    }

    func room(_ room: String) -> String {
        guard self.showsRooms else { return "" }
        return self.styled("[\(self.label(room))] ", .lightBlack)
    }

    /// A room's name, with the lock if it is encrypted.
    public func label(_ room: String) -> String {
        self.encryptedRooms.contains(room) ? Self.lock + " " + room : room
    }

    /// A name in its own colour: the same name always gets the same colour.
    func name(_ name: String) -> String {
        guard self.colors else { return name }
        let palette: [NamedColor] = [.cyan, .green, .yellow, .magenta, .blue, .lightCyan, .lightGreen, .lightYellow, .lightMagenta, .lightBlue, .red]
        var hash: UInt32 = 2_166_136_261
        for byte in name.lowercased().utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let styled = name.applyingColor(palette[Int(hash % UInt32(palette.count))])
        return name == self.ownName ? styled.applyingStyle(.bold) : styled
    }

    func quiet(_ text: String) -> String {
        self.colors ? text.applyingStyle(.dim) : text
    }

    func styled(_ text: String, _ color: NamedColor) -> String {
        self.colors ? text.applyingColor(color) : text
    }

    /// Text with any control character but tab and line breaks removed: nothing received may drive the terminal.
    static func sanitized(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { scalar in
                    scalar == "\n" || scalar == "\t" || !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
                }
            )
        )
    }

    /// Continuation lines of a multi-line message, indented under the first.
    static func indent(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\n      ")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
