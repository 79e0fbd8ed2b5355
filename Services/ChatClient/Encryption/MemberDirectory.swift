public import ChatProtocol
public import EndToEnd
public import Identity

/// The identity keys and sealing keys (`box`) of the people this client has met: from snapshots,
/// presence events and sealed direct messages.
///
/// A box is kept only if the identity key it came with signed it, so a server cannot slip in a
/// sealing key of its own. Keys are the ones the relay attached to each name; whether they match the
/// pins is ``ContactPins``' business.
public struct MemberDirectory: Sendable, Equatable {
    /// Lowercased name → identity key: names are unique regardless of case.
    public private(set) var keys: [String: IdentityKey] = [:]
    public private(set) var boxes: [IdentityKey: SignedBox] = [:]
    /// The name each key was last seen with, as its owner spells it.
    private var names: [IdentityKey: String] = [:]

    public init() {}

    /// Notes the key and box that came with `name`; a box that its key did not sign is ignored.
    public mutating func learn(name: String, key keyText: String?, box boxText: String?) {
        guard let key = keyText.flatMap(IdentityKey.init(text:)) else { return }
        self.keys[name.lowercased()] = key
        self.names[key] = name
        if let box = boxText.flatMap(SignedBox.init(text:)) { self.learn(box, of: key) }
    }

    /// Notes a box, if `key` signed it.
    public mutating func learn(_ box: SignedBox, of key: IdentityKey) {
        if box.isSigned(by: key) { self.boxes[key] = box }
    }

    /// Every member's key and box in a snapshot.
    public mutating func learn(_ snapshot: RoomSnapshot) {
        for (name, key) in snapshot.keys ?? [:] { self.learn(name: name, key: key, box: snapshot.boxes?[name]) }
    }

    public func key(of name: String) -> IdentityKey? { self.keys[name.lowercased()] }

    /// Whom to seal to for `name`: their key and verified box, if both are known.
    public func recipient(named name: String) -> KeyShare.Recipient? {
        guard let key = self.key(of: name), let box = self.boxes[key] else { return nil }
        return KeyShare.Recipient(identityKey: key, box: box)
    }

    /// Whom to seal to for a holder named by prefix, if their key and box are known.
    public func recipient(holding prefix: IdentityPrefix) -> KeyShare.Recipient? {
        self.boxes.first { IdentityPrefix($0.key) == prefix }.map { KeyShare.Recipient(identityKey: $0.key, box: $0.value) }
    }

    /// The name last seen with a key of this prefix, for people.
    public func name(of prefix: IdentityPrefix) -> String? {
        self.names.first { IdentityPrefix($0.key) == prefix }?.value
    }
}
