package import Crypto

/// One's own X25519 key pair for end-to-end encryption, and its `box`: the public half signed by the
/// identity key (docs/PROTOCOL.md, "Sealing keys").
///
/// Derived from the identity's seed (HKDF, info `privchat/e2e2/box-key`), so the CLI keeps no second
/// secret file and has the same sealing key on every run and every device the identity is carried to.
/// `@unchecked`: the swift-crypto key is immutable, but swift-crypto 3 does not mark it `Sendable`.
public struct SealingKey: @unchecked Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey
    /// The identity it belongs to, which signed ``box``.
    public let identityKey: IdentityKey
    /// The public key with the identity's signature: what `hello` sends.
    public let box: SignedBox

    init(identity: Identity) {
        let seed = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: identity.seed),
            info: Array("privchat/e2e2/box-key".utf8),
            outputByteCount: 32
        )
        // 32 bytes are always an X25519 private key (RFC 7748 clamps them).
        self.privateKey = try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: seed.withUnsafeBytes { Array($0) })
        self.identityKey = identity.publicKey
        let publicKey = Array(self.privateKey.publicKey.rawRepresentation)
        self.box = SignedBox(publicKey: publicKey, signature: identity.sign(SigningInput.box(publicKey: publicKey)))
    }

    /// The X25519 shared secret with someone's public key; `nil` for bytes that are not a public key.
    package func sharedSecret(with publicKey: [UInt8]) -> SymmetricKey? {
        guard let other = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey),
            let secret = try? self.privateKey.sharedSecretFromKeyAgreement(with: other)
        else { return nil }
        return secret.withUnsafeBytes { SymmetricKey(data: $0) }
    }
}

extension Identity {
    /// This identity's sealing key pair (derived each time: keep it rather than ask again).
    public var sealingKey: SealingKey { SealingKey(identity: self) }
}
