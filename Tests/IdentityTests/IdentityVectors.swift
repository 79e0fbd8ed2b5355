import Foundation

/// `Tests/Fixtures/protocol/identity/vectors.json`: written by Python's `cryptography`, checked by every client.
struct IdentityVectors: Decodable {
    struct Identity: Decodable, Sendable, CustomStringConvertible {
        let seed: String
        let key: String
        let fingerprint: String
        var description: String { self.fingerprint }
    }

    struct Hello: Decodable, Sendable, CustomStringConvertible {
        let seed: String
        let nonce: String
        let name: String
        let input: String
        let signature: String
        var description: String { self.name }
    }

    struct Message: Decodable, Sendable, CustomStringConvertible {
        let key: String
        let kind: String
        let scope: String
        let id: String
        let text: String
        let sig: String
        /// The ids of the messages it refers to (a reply's original, an edit's target), signed after the text.
        let refs: [String]?
        let seed: String?
        let input: String?
        let why: String?
        var description: String { self.why ?? "\(self.kind) in \(self.scope): \(self.text.prefix(20))" }
    }

    struct Safety: Decodable, Sendable, CustomStringConvertible {
        let a: String
        let b: String
        let number: String
        var description: String { self.number.prefix(11) + "…" }
    }

    let identities: [Identity]
    let hello: [Hello]
    let messages: [Message]
    let invalid: [Message]
    let safety: [Safety]

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/protocol/identity/vectors.json")

    /// The vectors; a missing or unreadable file fails loudly rather than giving zero test cases.
    static let all: IdentityVectors = {
        do {
            return try JSONDecoder().decode(IdentityVectors.self, from: Data(contentsOf: Self.file))
        } catch {
            fatalError("cannot read \(Self.file.path): \(error)")
        }
    }()
}

extension String {
    /// The bytes of a string of hex digits.
    var hexBytes: [UInt8] {
        var bytes: [UInt8] = []
        var index = self.startIndex
        while index < self.endIndex {
            let next = self.index(index, offsetBy: 2)
            bytes.append(UInt8(self[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
