import ChatProtocol
import RelayProtocol

/// Names that belong to identity keys (docs/PROTOCOL.md, "Names belong to keys").
extension ChatState {
    /// The key `name` is bound to now, if any.
    func boundKey(of name: String) -> [UInt8]? {
        self.bindings.key(of: name, now: self.now, isHeld: self.nameOwners[name.lowercased()] != nil)
    }

    /// The `name_bound` error for `origin` if `name` belongs to a key other than `key` (or to any key,
    /// when `key` is `nil`); `nil` when it may have the name.
    func bindingRefusal(of name: String, to key: [UInt8]?, for origin: Origin, id: String = "") -> Envelope? {
        guard let bound = self.boundKey(of: name), bound != key else { return nil }
        let suggestion = self.suggestion(for: name)
        return Self.error(
            .nameBound,
            "the name \"\(name)\" belongs to another person's identity key; try \"\(suggestion)\"",
            to: origin,
            id: id,
            suggestion: suggestion
        )
    }

    /// Binds `name` to `key` as of now.
    mutating func bind(_ name: String, to key: [UInt8]) {
        let owners = self.nameOwners
        self.bindings.bind(name, to: key, now: self.now) { owners[$0] != nil }
    }

    /// Why a `say` or `direct` of `member` cannot go out, or `nil`: a member with a key sends only
    /// messages stamped with that key (its gateway checked the signature), a member without one only
    /// unstamped ones.
    static func signatureProblem(of member: Member, signed: Bool, key: some Collection<UInt8>) -> String? {
        switch (member.identityKey, signed) {
        case (nil, false): nil
        case (nil, true): "this connection proved no identity key, so it cannot send signed messages"
        case (let bound?, true): bound.elementsEqual(key) ? nil : "the message is stamped with another key than the one this connection proved"
        case (_?, false): "this connection proved an identity key: every message it sends must be signed"
        }
    }
}
