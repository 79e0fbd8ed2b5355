import ChatClient
import ChatProtocol

/// What the user said, shown when sent; with message numbers shown (`/refs`), at its `ack` instead, so
/// that the line carries its `#N` like everyone else's (the ack comes within a round trip).
struct OwnLine {
    let id: String
    /// The quote of the message it answers, for a reply.
    let quote: String?
    let text: String
    let room: String
    let action: Bool
    let time: UInt64

    func lines(_ formatter: MessageFormatter, seq: UInt64?) -> [String] {
        [self.quote, formatter.ownLine(self.text, room: self.room, action: self.action, time: self.time, seq: seq)].compactMap { $0 }
    }
}

extension InteractiveSession {
    /// Shows a line the user said: at once, or at its ack when message numbers are shown and the
    /// connection is up (offline, it would wait for the reconnection).
    mutating func showOwn(_ line: OwnLine) {
        guard self.formatter.showsRefs, self.online else { return self.print(line.lines(self.formatter, seq: nil)) }
        self.ownLines.append(line)
    }

    /// An ack: the line it acknowledges, with its number.
    mutating func showOwn(acknowledged ack: Ack) {
        guard let index = self.ownLines.firstIndex(where: { $0.id == ack.id }) else { return }
        self.print(self.ownLines.remove(at: index).lines(self.formatter, seq: ack.seq))
    }

    /// Shows the lines still waiting, without numbers: refused (the problem follows), or the connection dropped.
    mutating func showOwnLines(only id: String? = nil) {
        let shown = self.ownLines.filter { id == nil || $0.id == id }
        self.ownLines.removeAll { id == nil || $0.id == id }
        if !shown.isEmpty { self.print(shown.flatMap { $0.lines(self.formatter, seq: nil) }) }
    }
}
