/// Which identity key each name belongs to (docs/PROTOCOL.md, "Names belong to keys").
///
/// A name is bound to the first key that takes it, and stays bound while it is held and for `ttl` after
/// its last use. Times are the relay's command timestamps (ms since 1970), so the passive relay of a pair,
/// applying the same commands, forgets the same bindings at the same moments.
struct NameBindings: Sendable {
    struct Binding: Sendable, Hashable {
        var key: [UInt8]
        /// When the name was last claimed, renamed to or given up.
        var lastUsed: UInt64
    }

    /// Lowercased name → its binding: names are unique regardless of case.
    private(set) var bindings: [String: Binding] = [:]
    let ttl: UInt64
    let capacity: Int

    init(ttl: Duration, capacity: Int) {
        let (seconds, attoseconds) = ttl.components
        self.ttl = UInt64(max(seconds, 0)) * 1000 + UInt64(max(attoseconds, 0) / 1_000_000_000_000_000)
        self.capacity = capacity
    }

    /// The key `name` belongs to at `now`, if it is bound and the binding is not stale (`isHeld`: the name
    /// is someone's right now, which keeps its binding however old its last use).
    func key(of name: String, now: UInt64, isHeld: Bool) -> [UInt8]? {
        guard let binding = self.bindings[name.lowercased()] else { return nil }
        return isHeld || !self.isStale(binding, now: now) ? binding.key : nil
    }

    /// Binds `name` to `key` as of `now`, replacing a stale binding; over capacity, forgets the stale
    /// ones, then the least recently used of those nobody holds (`isHeld`).
    mutating func bind(_ name: String, to key: [UInt8], now: UInt64, isHeld: (String) -> Bool) {
        let name = name.lowercased()
        if self.bindings[name] == nil && self.bindings.count >= self.capacity {
            self.bindings = self.bindings.filter { isHeld($0.key) || !self.isStale($0.value, now: now) }
            if self.bindings.count >= self.capacity,
                let oldest = self.bindings.filter({ !isHeld($0.key) }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
            {
                self.bindings[oldest.key] = nil
            }
        }
        self.bindings[name] = Binding(key: key, lastUsed: now)
    }

    /// Notes that `name` was used at `now` (its holder left): its time to live starts again.
    mutating func touch(_ name: String, now: UInt64) {
        self.bindings[name.lowercased()]?.lastUsed = now
    }

    /// Frees `name` (its holder took another).
    mutating func remove(_ name: String) {
        self.bindings[name.lowercased()] = nil
    }

    /// A binding as a snapshot recorded it, for the passive relay.
    mutating func restore(_ name: String, _ binding: Binding) {
        self.bindings[name] = binding
    }

    private func isStale(_ binding: Binding, now: UInt64) -> Bool {
        now > binding.lastUsed && now - binding.lastUsed > self.ttl
    }
}
