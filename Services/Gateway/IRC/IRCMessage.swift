import NIOCore

/// One IRC message as a client sends it (RFC 1459 §2.3.1): an optional prefix, which a client's server
/// ignores, a command, and up to 15 parameters, the last of which may contain spaces after a `:`.
struct IRCMessage: Equatable {
    /// The command, uppercased: IRC commands are case-insensitive.
    var command: String
    var parameters: [String]

    init(command: String, parameters: [String] = []) {
        self.command = command
        self.parameters = parameters
    }

    /// Parses a line's message part (``IRCLineDecoder``: UTF-8, no tags, no line end); `nil` without a command.
    init?(parsing line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        var rest = Substring(text)
        Self.skipSpaces(&rest)
        if rest.first == ":" {  // a prefix: a client's is ignored
            rest = rest.drop { $0 != " " }
            Self.skipSpaces(&rest)
        }
        let command = rest.prefix { $0 != " " }
        guard !command.isEmpty else { return nil }
        rest = rest.dropFirst(command.count)
        var parameters: [String] = []
        while true {
            Self.skipSpaces(&rest)
            guard !rest.isEmpty else { break }
            if rest.first == ":" || parameters.count == 14 {
                parameters.append(String(rest.first == ":" ? rest.dropFirst() : rest))
                break
            }
            let parameter = rest.prefix { $0 != " " }
            parameters.append(String(parameter))
            rest = rest.dropFirst(parameter.count)
        }
        self.command = command.uppercased()
        self.parameters = parameters
    }

    /// Whether the line is an HTTP request's (`GET / HTTP/1.1`) or one of its headers (`Host: …`): what a
    /// browser sends when a web page makes it post a form to the IRC port.
    var looksLikeHTTP: Bool {
        if self.command.hasSuffix(":") { return true }
        guard Self.httpMethods.contains(self.command), let target = self.parameters.first else { return false }
        return target.hasPrefix("/") || target == "*" || target.contains("://") || self.parameters.last?.hasPrefix("HTTP/") == true
    }

    /// Whether the command belongs to registration (and may come before it completes without a `451`).
    var isRegistration: Bool { Self.registrationCommands.contains(self.command) }

    private static let registrationCommands: Set<String> = ["CAP", "PASS", "NICK", "USER", "PING", "PONG", "QUIT"]

    private static let httpMethods: Set<String> = ["GET", "POST", "PUT", "HEAD", "OPTIONS", "CONNECT", "DELETE", "PATCH"]

    /// The parameter at `index`, if there is one.
    subscript(index: Int) -> String? {
        index < self.parameters.count ? self.parameters[index] : nil
    }

    private static func skipSpaces(_ text: inout Substring) {
        text = text.drop { $0 == " " }
    }
}

/// Writes the lines a gateway sends IRC clients: `[:PREFIX] COMMAND PARAMS… [:TRAILING]` and CR LF.
enum IRCLine {
    /// The server's name in every prefix (docs/PROTOCOL.md, "Registration").
    static let server = "private-chat"

    /// Appends one line to `buffer`. `trailing` is written after a `:`, so it may hold spaces or be empty.
    static func write(
        into buffer: inout ByteBuffer,
        prefix: String? = server,
        _ command: String,
        _ parameters: [String] = [],
        trailing: String? = nil
    ) {
        if let prefix {
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeString(prefix)
            buffer.writeInteger(UInt8(ascii: " "))
        }
        buffer.writeString(command)
        for parameter in parameters {
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeString(parameter)
        }
        if let trailing {
            buffer.writeStaticString(" :")
            buffer.writeString(trailing)
        }
        buffer.writeStaticString("\r\n")
    }

    /// One line in a buffer of its own.
    static func make(prefix: String? = server, _ command: String, _ parameters: [String] = [], trailing: String? = nil) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        Self.write(into: &buffer, prefix: prefix, command, parameters, trailing: trailing)
        return buffer
    }

    /// A numeric reply from the server to `nick` (`*` before it has one).
    static func numeric(_ code: String, to nick: String, _ parameters: [String] = [], trailing: String? = nil) -> ByteBuffer {
        Self.make(code, [nick] + parameters, trailing: trailing)
    }

    /// The prefix of a user's lines: `NICK!chat@private-chat`, which shows nobody's address.
    static func userPrefix(_ nick: String) -> String {
        nick + "!chat@" + Self.server
    }
}

extension Outbox {
    /// Queues one answer to an IRC client: ``push(_:)`` for commands that say nothing of whether it was taken.
    func pushLine(_ line: ByteBuffer) {
        self.push(line)
    }
}
