import ChatProtocol
import Crypto
import Foundation
import _CryptoExtras

/// The key of one encrypted room, derived from its passphrase: what seals and opens the room's texts.
///
/// Deriving is slow on purpose (PBKDF2, 600,000 rounds: about a third of a second, more in debug
/// builds), so that a guessed passphrase costs as much to try: derive once per room, off any thread
/// that should stay responsive. The room's name goes into the salt, so one passphrase gives every room
/// its own key.
///
/// `@unchecked`: its `SymmetricKey` is immutable, but swift-crypto 3 does not mark it `Sendable`.
public struct RoomKey: @unchecked Sendable {
    /// The rounds docs/PROTOCOL.md fixes; tests use fewer.
    public static let defaultIterations = 600_000

    /// The room, as the server spells it (lowercase, no `#`).
    public let room: String
    let key: SymmetricKey
    /// Groups of 4 hex digits (`95c5 9d43 39d0 b772`) that members compare to know they typed the same passphrase.
    public let fingerprint: String

    /// Derives the room's key; throws for an empty passphrase.
    ///
    /// The passphrase is NFC-normalized first, so "é" typed as one character or as "e" and a combining
    /// accent gives the same key on every keyboard and platform.
    public init(passphrase: String, room: String, iterations: Int = Self.defaultIterations) throws(EndToEndError) {
        guard !passphrase.isEmpty else { throw EndToEndError("the passphrase is empty") }
        let password = Array(passphrase.precomposedStringWithCanonicalMapping.utf8)
        let salt = Array("privchat/e2e1/room/\(room)".utf8)
        let key: SymmetricKey
        do {
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: password,
                salt: salt,
                using: .sha256,
                outputByteCount: 32,
                unsafeUncheckedRounds: iterations
            )
        } catch {
            throw EndToEndError("cannot derive the key: \(error)")
        }
        self.init(room: room, key: key)
    }

    /// The key itself: for the test vectors only.
    var bytes: [UInt8] { self.key.withUnsafeBytes { Array($0) } }

    init(room: String, key: SymmetricKey) {
        self.room = room
        self.key = key
        self.fingerprint = Self.fingerprint(of: key)
    }

    /// SHA-256 of a label and the key, first 8 bytes: shows that two keys match without revealing either.
    static func fingerprint(of key: SymmetricKey) -> String {
        var hash = SHA256()
        hash.update(data: Array("privchat/e2e1/fingerprint".utf8))
        key.withUnsafeBytes { hash.update(bufferPointer: $0) }
        return GroupedHex.text(hash.finalize().prefix(8))
    }
}
