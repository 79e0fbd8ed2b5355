public import ChatProtocol
public import Identity

/// Identity keys (docs/PROTOCOL.md, "Identity (id1)"): the client proves its key at `hello`, signs what
/// it sends, and checks the signature and the pinned key of everything it receives.
extension ChatClient {
    /// The key the client proves, as the `hello` carries it.
    var identityKeyText: String? { self.configuration.identity?.publicKey.text }

    /// The `prove` answering a `challenge`; `nil` if the client has no identity, or the nonce is not one.
    func proof(for challenge: Challenge) -> ClientMessage? {
        guard let identity = self.configuration.identity, let nonce = Base64URL.decode(challenge.nonce) else { return nil }
        guard case .hello(let hello) = self.state.hello(key: self.identityKeyText) else { return nil }
        return .prove(Prove(signature: identity.signText(SigningInput.hello(nonce: nonce, name: hello.name))))
    }

    /// `message` as it goes out: with the signature of the text it carries (sealed already, in an encrypted
    /// room) and of the id of the message it refers to, if any (for a file, the file id).
    func signed(_ message: ClientMessage) -> ClientMessage {
        guard let identity = self.configuration.identity else { return message }
        func signature(_ kind: SigningInput.Kind, _ scope: String, _ id: String?, _ text: String, refs: [String]) -> String {
            identity.signText(SigningInput.message(kind: kind, scope: scope, id: id ?? "", text: Array(text.utf8), refs: refs))
        }
        func signature(_ kind: SigningInput.Kind, _ scope: String, _ id: String?, _ text: String, _ reference: MessageReference? = nil) -> String {
            signature(kind, scope, id, text, refs: reference.map { [$0.id] } ?? [])
        }
        func signed(_ event: TargetedMessage, _ kind: SigningInput.Kind) -> TargetedMessage {
            var event = event
            event.sig = signature(kind, Self.scope(ofRoom: event.room), event.id, event.text ?? "", event.target)
            return event
        }
        switch message {
        case .say(var say):
            say.sig = signature(.message, Self.scope(ofRoom: say.room), say.id, say.text, say.reply)
            return .say(say)
        case .action(var say):
            say.sig = signature(.action, Self.scope(ofRoom: say.room), say.id, say.text, say.reply)
            return .action(say)
        case .share(var say):
            say.sig = signature(.share, Self.scope(ofRoom: say.room), say.id, say.text)
            return .share(say)
        case .edit(let event): return .edit(signed(event, .edit))
        case .delete(let event): return .delete(signed(event, .delete))
        case .reaction(let event): return .reaction(signed(event, .reaction))
        case .direct(var direct):
            direct.sig = signature(.direct, SigningInput.directScope(direct.to), direct.id, direct.text)
            return .direct(direct)
        case .file(var shared):
            shared.sig = signature(.file, Self.scope(ofRoom: shared.room), shared.id, shared.text, refs: [shared.file])
            return .file(shared)
        default:
            return message
        }
    }

    /// The room as the server spells it, which is what the signature covers.
    static func scope(ofRoom room: String) -> String {
        RoomName.spelled(room)
    }

    /// What a room event's signature says, checked over the text as it arrived (before opening it) and
    /// the id of the message it refers to.
    func signatureState(of message: ChatMessage) -> SignatureState {
        let kind: SigningInput.Kind =
            switch message.kind {
            case .message: .message
            case .action: .action
            case .share: .share
            case .edit: .edit
            case .delete: .delete
            case .reaction: .reaction
            case .file: .file
            }
        return self.signatureState(
            key: message.key,
            sig: message.sig,
            from: message.from,
            kind: kind,
            scope: message.room,
            id: message.id,
            text: message.text,
            refs: message.file.map { [$0.id] } ?? (message.reply ?? message.target).map { [$0.id] } ?? []
        )
    }

    /// What a direct message's signature says.
    func signatureState(of direct: DirectMessage) -> SignatureState {
        self.signatureState(
            key: direct.key,
            sig: direct.sig,
            from: direct.from,
            kind: .direct,
            scope: SigningInput.directScope(direct.to),
            id: direct.id,
            text: direct.text
        )
    }

    private func signatureState(
        key keyText: String?,
        sig: String?,
        from: String,
        kind: SigningInput.Kind,
        scope: String,
        id: String?,
        text: String,
        refs: [String] = []
    ) -> SignatureState {
        // Only a frame with neither is unsigned: a key whose signature was stripped is a forgery.
        guard keyText != nil || sig != nil else { return .unsigned }
        guard let keyText, let sig, let key = IdentityKey(text: keyText),
            key.isValidSignature(text: sig, for: SigningInput.message(kind: kind, scope: scope, id: id ?? "", text: Array(text.utf8), refs: refs))
        else { return .invalid }
        return self.check(from, key: key)
    }

    /// A presence event's key, checked against the pin; `nil` when there is nothing to tell.
    func contactKeyEvent(of presence: Presence) -> ChatEvent? {
        presence.key.flatMap { self.contactKeyEvent(name: presence.name, key: $0) }
    }

    /// The keys of a snapshot's members, checked against the pins: a warning for each that changed.
    func contactKeyEvents(of snapshot: RoomSnapshot) -> [ChatEvent] {
        (snapshot.keys ?? [:]).sorted { $0.key < $1.key }.compactMap { self.contactKeyEvent(name: $0.key, key: $0.value) }
    }

    /// A member's key, pinned if it is the first for the name (silently: nothing was said yet), and
    /// told only when it is not the pinned one.
    private func contactKeyEvent(name: String, key text: String) -> ChatEvent? {
        guard let key = IdentityKey(text: text) else { return .contactKey(name: name, state: .invalid) }
        let state = self.check(name, key: key)
        switch state {
        case .verified, .firstSeen, .unsigned: return nil
        case .keyChanged, .invalid: return .contactKey(name: name, state: state)
        }
    }

    private func check(_ name: String, key: IdentityKey) -> SignatureState {
        // Our own key is ours under any name (history from before a rename): nothing to pin.
        if key == self.configuration.identity?.publicKey { return .verified(contactVerified: false) }
        let before = self.pins
        let state = self.pins.check(name, key: key)
        if self.pins != before { self.configuration.savePins?(self.pins) }
        return state
    }

    // MARK: For the user interface

    /// The keys pinned so far.
    public var contactPins: ContactPins { self.pins }

    /// The safety number to compare with `name`: from this client's key and theirs (the one they use
    /// now, if it changed). `nil` without an identity, or for a name whose key was never seen.
    public func safetyNumber(with name: String) -> (number: SafetyNumber, fingerprint: String)? {
        guard let own = self.configuration.identity?.publicKey, let theirs = self.pins.currentKey(of: name) else { return nil }
        return (SafetyNumber(own, theirs), theirs.fingerprint)
    }

    /// The user compared safety numbers with `name`: their current key is pinned and verified.
    @discardableResult
    public func markVerified(_ name: String) -> Bool {
        defer { self.configuration.savePins?(self.pins) }
        return self.pins.markVerified(name)
    }

    /// The user accepts the new key of `name`, without verifying it.
    @discardableResult
    public func acceptKey(of name: String) -> Bool {
        defer { self.configuration.savePins?(self.pins) }
        return self.pins.accept(name)
    }
}
