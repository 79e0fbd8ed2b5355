import ChatProtocol
import Crypto
import Foundation

/// One's own identity: the Ed25519 private key that signs hello proofs and messages.
///
/// `@unchecked`: the swift-crypto key is immutable, but swift-crypto 3 does not mark it `Sendable`.
public struct Identity: @unchecked Sendable {
    let privateKey: Curve25519.Signing.PrivateKey
    public let publicKey: IdentityKey

    /// A new identity, from the system's random generator.
    public init() {
        self.init(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The identity of a 32-byte seed (RFC 8032's private key).
    public init?(seed: some Collection<UInt8>) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed)) else { return nil }
        self.init(privateKey: key)
    }

    init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.publicKey = IdentityKey(bytes: privateKey.publicKey.rawRepresentation)!
    }

    /// The seed: what the identity file holds.
    public var seed: [UInt8] { Array(self.privateKey.rawRepresentation) }

    /// The signature of `input`, 64 bytes.
    public func sign(_ input: [UInt8]) -> [UInt8] {
        // Only fails if the system cannot give randomness, which swift-crypto treats as fatal elsewhere too.
        Array(try! self.privateKey.signature(for: input))
    }

    /// The signature of `input`, in base64url: the wire's `signature` and `sig`.
    public func signText(_ input: [UInt8]) -> String { Base64URL.encode(self.sign(input)) }

    // MARK: Carrying it to another device

    static let exportPrefix = "privchat-id1-secret:"

    /// `privchat-id1-secret:` and the seed: what `chat --export-identity` prints and the GUI imports.
    public var exported: String { Self.exportPrefix + Base64URL.encode(self.seed) }

    /// The identity of an exported text (surrounding whitespace ignored).
    public init?(exported text: String) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix(Self.exportPrefix), let seed = Base64URL.decode(String(text.dropFirst(Self.exportPrefix.count))) else {
            return nil
        }
        self.init(seed: seed)
    }
}
