/// Who holds which reaction on one message: per person and reaction, the latest event in the room's
/// order decides (docs/PROTOCOL.md, "Conversation events").
///
/// A person is an identity key (or, without one, a name), so someone adding a reaction from two devices
/// counts once, and since every member applies the same events by `seq`, everyone converges on the
/// same counts whatever order the toggles raced in.
struct ReactionTally: Sendable, Equatable {
    private struct Holding: Sendable, Equatable {
        /// The `seq` of the person's latest event for the reaction.
        var seq: UInt64
        var holds: Bool
        /// The name they last reacted under.
        var name: String
        /// When they took it (the `seq` of the add that made them a holder), to list holders in order.
        var since: UInt64
    }

    private struct Key: Hashable {
        let person: ConversationMessage.Author
        let reaction: String
    }

    private var holdings: [Key: Holding] = [:]
    /// Reactions in the order they were first added, to list them steadily.
    private var order: [String] = []

    /// Applies one reaction event; returns whether anything shown changed.
    mutating func apply(_ reaction: String, adds: Bool, by person: ConversationMessage.Author, name: String, seq: UInt64) -> Bool {
        let key = Key(person: person, reaction: reaction)
        let before = self.holdings[key]
        // An event older than the one kept (replayed, or applied twice) changes nothing.
        if let before, before.seq >= seq { return false }
        let since = before?.holds == true && adds ? before!.since : seq
        self.holdings[key] = Holding(seq: seq, holds: adds, name: name, since: since)
        if adds && !self.order.contains(reaction) { self.order.append(reaction) }
        return before?.holds != adds || (adds && before?.name != name)
    }

    /// Whether `person` holds `reaction`: what a toggle takes back.
    func holds(_ reaction: String, by person: ConversationMessage.Author) -> Bool {
        self.holdings[Key(person: person, reaction: reaction)]?.holds ?? false
    }

    /// Each reaction someone holds, with its holders' names in the order they took it.
    var counts: [ConversationMessage.ReactionCount] {
        self.order.compactMap { reaction in
            let holders = self.holdings.filter { $0.key.reaction == reaction && $0.value.holds }.values.sorted { $0.since < $1.since }
            return holders.isEmpty ? nil : ConversationMessage.ReactionCount(reaction: reaction, names: holders.map(\.name))
        }
    }
}
