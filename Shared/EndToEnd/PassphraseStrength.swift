import Foundation

/// Whether a passphrase is too weak for a room anyone who sees its ciphertext can attack offline
/// (docs/PROTOCOL.md, "Sealed room text"): the rule both clients warn by.
///
/// Counted in Unicode scalars after NFC, so that the same passphrase typed on any keyboard gets the
/// same verdict. The estimate is deliberately simple (length × log2 of the character pool): it catches
/// the short and the repetitive, not every weak phrase.
public enum PassphraseStrength {
    public static let minimumLength = 12
    public static let minimumDistinct = 6
    public static let minimumBits = 64.0

    /// Why `passphrase` is weak, in words for its user; `nil` if it is not.
    public static func weakness(of passphrase: String) -> String? {
        let scalars = Array(passphrase.precomposedStringWithCanonicalMapping.unicodeScalars)
        if scalars.count < Self.minimumLength { return "it has fewer than \(Self.minimumLength) characters" }
        if Set(scalars).count < Self.minimumDistinct { return "it has fewer than \(Self.minimumDistinct) different characters" }
        let bits = Double(scalars.count) * log2(Double(Self.pool(of: scalars)))
        if bits < Self.minimumBits { return "it is too easy to guess (about \(Int(bits)) bits; use at least \(Int(Self.minimumBits)))" }
        return nil
    }

    public static func isWeak(_ passphrase: String) -> Bool { Self.weakness(of: passphrase) != nil }

    /// The characters a guesser must try: 26 for lowercase ASCII letters, 26 for uppercase, 10 for
    /// digits and 33 for anything else, each counted once if the passphrase has any.
    static func pool(of scalars: [Unicode.Scalar]) -> Int {
        var pool = 0
        if scalars.contains(where: { ("a"..."z").contains($0) }) { pool += 26 }
        if scalars.contains(where: { ("A"..."Z").contains($0) }) { pool += 26 }
        if scalars.contains(where: { ("0"..."9").contains($0) }) { pool += 10 }
        if scalars.contains(where: { !(("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)) }) { pool += 33 }
        return max(pool, 1)
    }
}
