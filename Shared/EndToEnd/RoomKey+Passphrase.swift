import Crypto
import Foundation
import _CryptoExtras

extension RoomKey {
    /// The rounds docs/PROTOCOL.md fixes; tests use fewer.
    public static let defaultIterations = 600_000

    /// 16 random bytes: the salt the creator of a passphrase room picks, so that no table of guesses
    /// made for one room, or one deployment, serves another.
    public static func randomSalt() -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        return (0..<Self.saltByteCount).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// The key of a passphrase and a salt: PBKDF2-HMAC-SHA256 of the NFC-normalized passphrase.
    ///
    /// Slow on purpose (600,000 rounds: a third of a second, more in debug builds), so that each guess
    /// costs as much: derive off any thread that should stay responsive. NFC makes "é" typed as one
    /// character or as "e" and a combining accent the same key on every keyboard and platform.
    public init(passphrase: String, salt: [UInt8], iterations: Int = Self.defaultIterations) throws(EndToEndError) {
        guard !passphrase.isEmpty else { throw EndToEndError("the passphrase is empty") }
        guard salt.count == Self.saltByteCount else { throw EndToEndError("a passphrase key's salt has \(Self.saltByteCount) bytes") }
        let key: SymmetricKey
        do {
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(passphrase.precomposedStringWithCanonicalMapping.utf8),
                salt: salt,
                using: .sha256,
                outputByteCount: Self.byteCount,
                unsafeUncheckedRounds: iterations
            )
        } catch {
            throw EndToEndError("cannot derive the key: \(error)")
        }
        self.init(key: key, salt: salt)
    }
}
