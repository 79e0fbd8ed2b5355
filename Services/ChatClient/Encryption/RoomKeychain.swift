public import EndToEnd

/// One encrypted room's keys: every key this client was given (so that history stays readable), the
/// *current* one that seals what it sends, and who holds which (docs/PROTOCOL.md, "Which key is current").
///
/// A value with the rules only: shares are applied to it in the room's order, and the table of the
/// spec is ``apply(_:reading:sender:)``.
public struct RoomKeychain: Sendable, Equatable {
    public private(set) var keys: [KeyID: RoomKey] = [:]
    public private(set) var current: KeyID?
    /// The key of a rotation that left this client out, until a key for it comes again.
    public private(set) var withheld: KeyID?
    /// Who holds each key, on evidence this client checked (docs/PROTOCOL.md, "Who rotates, and to
    /// whom"): the sender of a message sealed with it that opened, the sender of a share whose proof of
    /// it verified, or a recipient of a share of it from such a sender.
    public private(set) var holders: [KeyID: Set<IdentityPrefix>] = [:]

    public init() {}

    /// The key that seals what this client says in the room; `nil` when it was left out.
    public var currentKey: RoomKey? { self.current.flatMap { self.keys[$0] } }

    /// Whether the room is encrypted with a passphrase: its keys have salts, and it has no shares.
    public var isPassphraseRoom: Bool { self.keys.values.contains(where: \.isFromPassphrase) }

    /// Keeps `key`; as the current one if `current` (a key this client made, or got from a link or passphrase).
    public mutating func add(_ key: RoomKey, current: Bool) {
        self.keys[key.id] = key
        if current {
            self.current = key.id
            self.withheld = nil
        }
    }

    /// Notes that `holder` holds key `id`.
    public mutating func addHolder(_ holder: IdentityPrefix, of id: KeyID) {
        self.holders[id, default: []].insert(holder)
    }

    /// Whether `holder` is known to hold the current key.
    public func holdsCurrent(_ holder: IdentityPrefix) -> Bool {
        self.current.map { self.holders[$0]?.contains(holder) ?? false } ?? false
    }

    /// What a share did to the current key.
    public enum ShareOutcome: Sendable, Equatable {
        /// A rotation: its key, which this client got, replaces the current one.
        case rotated(from: KeyID, to: KeyID)
        /// A rotation that gave everyone but this client the new key: it has no current key now.
        case leftOut(KeyID)
        /// The first key this client has for the room (or the first since it was left out).
        case adopted(KeyID)
        /// A key for this client, kept but not current: a distribution, or a rotation that lost a race.
        case kept(KeyID)
        /// Nothing for this client.
        case ignored
    }

    /// Applies a share in the room's order, as this client read it: the key it held for this client,
    /// if any, and whether its proof verified (a share whose proof failed is not applied at all).
    ///
    /// Only a proven share names holders, and only a proven one can rotate the current key or leave
    /// this client out: otherwise a member without the key could do either with a share naming it.
    public mutating func apply(_ share: KeyShare, reading: KeyShare.Reading, sender: IdentityPrefix) -> ShareOutcome {
        if reading.isProven {
            self.addHolder(sender, of: share.provenKeyID)
            for recipient in share.recipients { self.addHolder(recipient, of: share.keyID) }
        }
        let key = reading.key
        if let key { self.keys[key.id] = key }
        if reading.isProven, let current = self.current, share.previous == current, share.keyID != current {
            guard key != nil else {
                self.current = nil
                self.withheld = share.keyID
                return .leftOut(share.keyID)
            }
            self.current = share.keyID
            return .rotated(from: current, to: share.keyID)
        }
        guard let key else { return .ignored }
        if self.current == nil {
            self.current = key.id
            self.withheld = nil
            return .adopted(key.id)
        }
        return .kept(key.id)
    }

    /// A message sealed with key `id` opened: its sender holds that key, and in a passphrase room the
    /// newest message opened decides the salt this client seals with.
    public mutating func opened(with id: KeyID, sender: IdentityPrefix) {
        self.addHolder(sender, of: id)
        if self.keys[id]?.isFromPassphrase == true { self.current = id }
    }
}
