public import ChatProtocol
import EndToEnd
import Identity

extension Encryption {
    /// Whether a direct message to `name` can be sealed: this client has a sealing key, and knows
    /// theirs (from a room they share, or a sealed message of theirs).
    public func canSeal(to name: String) -> Bool {
        self.sealing != nil && self.directory.recipient(named: name) != nil
    }

    /// `text` sealed for `name` as the `dm` with this id carries it; `nil` if it cannot be (``canSeal(to:)``).
    public func sealDirect(_ text: String, to name: String, id: String) -> String? {
        guard let sealing = self.sealing, let recipient = self.directory.recipient(named: name) else { return nil }
        return SealedDirect.seal(text, id: id, from: sealing, to: recipient.identityKey, box: recipient.box)
    }

    /// A received direct message opened, or marked: a clear one is ``MessageEncryption/unencrypted``.
    /// The sender's box, once it opened, is known from now on, so that the answer is sealed too.
    public mutating func open(_ direct: DirectMessage) -> (message: DirectMessage, encryption: MessageEncryption) {
        guard SealedPrefix.isSealed(Array(direct.text.utf8)) else { return (direct, .unencrypted) }
        var opened = direct
        guard let sealing = self.sealing, let sender = direct.key.flatMap(IdentityKey.init(text:)),
            let (text, box) = try? SealedDirect.open(direct.text, id: direct.id ?? "", sender: sender, reader: sealing)
        else {
            opened.text = MessageEncryption.cannotDecryptMarker
            return (opened, .undecryptable)
        }
        self.directory.learn(name: direct.from, key: direct.key, box: box.text)
        opened.text = text
        return (opened, .decrypted)
    }
}
