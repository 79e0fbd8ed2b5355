import Crypto
import Identity

extension KeyShare {
    static let proofByteCount = 16

    /// The key the possession proof is of: the previous key, or the key handed out when there is none
    /// (docs/PROTOCOL.md, "Key shares").
    ///
    /// Every holder of that key can check the proof, whether or not the share has a record for them:
    /// so a member without the room's key can neither rotate it nor pass for one of its holders.
    public var provenKeyID: KeyID { self.previous == .none ? self.keyID : self.previous }

    /// The proof that `sender` holds `proven` (the key ``provenKeyID`` names), for the share with
    /// frame id `id` in `room`: bound to all three, so that it cannot be replayed in another share.
    static func proof(of proven: RoomKey, room: String, sender: IdentityKey, id: String) -> [UInt8] {
        let message = Field.joined("privchat/e2e2/proof", [Array(room.utf8), sender.bytes, Array(id.utf8)])
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: proven.key).prefix(Self.proofByteCount))
    }

    /// Whether the proof shows that `sender` holds `proven`; `false` too when `proven` is not the key
    /// the proof is of.
    func proves(_ proven: RoomKey, room: String, sender: IdentityKey, id: String) -> Bool {
        guard proven.id == self.provenKeyID else { return false }
        let expected = Self.proof(of: proven, room: room, sender: sender, id: id)
        // Every byte compared, whatever the first difference: the time taken tells nothing.
        return zip(expected, self.proof).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0 && self.proof.count == expected.count
    }
}
