public import Identity

/// The identity key pinned for each name this client has seen (trust on first use), and which of them
/// the user verified by comparing safety numbers.
///
/// A value with no I/O: the user interface loads and saves it (``lines``), so the rules are tested
/// directly. A key that differs from the pinned one is remembered as *offered* until the user accepts
/// it; it never replaces the pin by itself.
public struct ContactPins: Sendable, Equatable {
    public struct Pin: Sendable, Equatable {
        public var key: IdentityKey
        public var verified: Bool
    }

    /// Lowercased name → pin: names are unique regardless of case.
    public private(set) var pins: [String: Pin] = [:]
    /// Keys seen for a name that differ from its pin, not yet accepted.
    public private(set) var offered: [String: IdentityKey] = [:]

    public init() {}

    /// What a message from `name` signed with `key` (already checked) means, pinning a first key.
    public mutating func check(_ name: String, key: IdentityKey) -> SignatureState {
        let name = name.lowercased()
        guard let pin = self.pins[name] else {
            self.pins[name] = Pin(key: key, verified: false)
            return .firstSeen(fingerprint: key.fingerprint)
        }
        guard pin.key != key else { return .verified(contactVerified: pin.verified) }
        self.offered[name] = key
        return .keyChanged(pinned: pin.key.fingerprint, now: key.fingerprint, wasVerified: pin.verified)
    }

    /// The key to compare safety numbers for: the one offered if the key changed, else the pinned one.
    public func currentKey(of name: String) -> IdentityKey? {
        self.offered[name.lowercased()] ?? self.pins[name.lowercased()]?.key
    }

    public func pin(of name: String) -> Pin? { self.pins[name.lowercased()] }

    /// The user accepts the key `name` uses now (the offered one), unverified.
    @discardableResult
    public mutating func accept(_ name: String) -> Bool {
        guard let key = self.offered.removeValue(forKey: name.lowercased()) else { return false }
        self.pins[name.lowercased()] = Pin(key: key, verified: false)
        return true
    }

    /// The user compared safety numbers for the key `name` uses now: pinned and verified.
    @discardableResult
    public mutating func markVerified(_ name: String) -> Bool {
        guard let key = self.currentKey(of: name) else { return false }
        self.offered[name.lowercased()] = nil
        self.pins[name.lowercased()] = Pin(key: key, verified: true)
        return true
    }

    // MARK: As a file

    /// One line per pin, `name key verified|seen`, sorted: the pins file's text.
    public var lines: [String] {
        self.pins.keys.sorted().map { name in
            let pin = self.pins[name]!
            return "\(name) \(pin.key.text) \(pin.verified ? "verified" : "seen")"
        }
    }

    /// The pins of a file's lines; a line that cannot be read is skipped (names hold no spaces at the
    /// ends, but may inside: the key and state are the last two words).
    public init(lines: some Sequence<Substring>) {
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count >= 3, let key = IdentityKey(text: String(words[words.count - 2])) else { continue }
            let name = words.dropLast(2).joined(separator: " ")
            self.pins[name.lowercased()] = Pin(key: key, verified: words.last == "verified")
        }
    }
}
