import ChatProtocol
import Identity

/// A `hello` that named an identity key, and the nonce its `prove` must sign (docs/PROTOCOL.md,
/// "Identity (id1)"). The nonce is this gateway's own and fresh per hello, so no recorded proof answers it.
struct IdentityChallenge {
    let claim: ChatSession.Claim
    let key: IdentityKey
    /// The name exactly as the hello gave it: what the client signed.
    let helloName: String
    let nonce: [UInt8]

    init(claim: ChatSession.Claim, key: IdentityKey, helloName: String) {
        self.claim = claim
        self.key = key
        self.helloName = helloName
        var generator = SystemRandomNumberGenerator()
        self.nonce = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Whether `signature` (base64url) is the key's over the hello input of this nonce and name.
    func isAnswered(by signature: String) -> Bool {
        self.key.isValidSignature(text: signature, for: SigningInput.hello(nonce: self.nonce, name: self.helloName))
    }
}
