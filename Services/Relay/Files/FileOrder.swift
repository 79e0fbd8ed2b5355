import ChatProtocol

/// The order the store's bodies were opened in, which is the order they are dropped in: the oldest of
/// anyone, and each person's oldest.
///
/// Finding either is O(1) amortized: a person's bodies are a short list of their own, and everyone's
/// is a queue from which dropped bodies are skipped lazily, compacted once they outnumber the held ones.
struct FileOrder {
    private var queue: [(id: FileID, place: UInt64)] = []
    private var start = 0
    private var held: [FileID: (place: UInt64, owner: String)] = [:]
    private var byOwner: [String: [FileID]] = [:]
    private var places: UInt64 = 0

    /// How many bodies are in the order.
    var count: Int { self.held.count }

    /// Adds `id` as the newest body, owned by `owner`.
    mutating func append(_ id: FileID, owner: String) {
        self.places += 1
        self.queue.append((id, self.places))
        self.held[id] = (self.places, owner)
        self.byOwner[owner, default: []].append(id)
    }

    /// Takes `id` out of the order.
    mutating func remove(_ id: FileID) {
        guard let (_, owner) = self.held.removeValue(forKey: id) else { return }
        self.byOwner[owner]?.removeAll { $0 == id }
        if self.byOwner[owner]?.isEmpty == true { self.byOwner[owner] = nil }
        if self.queue.count - self.start > 2 * self.held.count + 64 {
            self.queue = self.queue[self.start...].filter { self.isHeld($0) }
            self.start = 0
        }
    }

    /// The oldest body of anyone.
    mutating func oldest() -> FileID? {
        while self.start < self.queue.count, !self.isHeld(self.queue[self.start]) { self.start += 1 }
        return self.start < self.queue.count ? self.queue[self.start].id : nil
    }

    /// The oldest body of `owner`.
    func oldest(of owner: String) -> FileID? { self.byOwner[owner]?.first }

    /// Every body, oldest first.
    var all: [FileID] { self.queue[self.start...].filter { self.isHeld($0) }.map(\.id) }

    /// Whether a queue entry is still the body it was queued for (and not a dropped one, or an earlier copy of a replaced one).
    private func isHeld(_ entry: (id: FileID, place: UInt64)) -> Bool {
        self.held[entry.id]?.place == entry.place
    }
}
