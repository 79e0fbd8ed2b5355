import ChatProtocol
import Crypto
import Foundation
import Identity

@testable import EndToEnd

/// `Tests/Fixtures/protocol/e2e2/vectors.json`: written by Python's `cryptography` (generate.py beside
/// it), checked by every client.
struct Vectors: Decodable {
    struct Person: Decodable {
        let seed: String
        let key: String
        let boxPublic: String
        let box: String

        var identity: Identity { Identity(seed: Base64URL.decode(self.seed)!)! }
        var identityKey: IdentityKey { IdentityKey(text: self.key)! }
    }

    struct Key: Decodable, CustomStringConvertible {
        let key: String
        let salt: String
        let keyId: String
        let fingerprint: String
        let passphrase: String?
        let iterations: Int?
        var description: String { self.passphrase.map { "passphrase of \($0.unicodeScalars.count) scalars" } ?? "random key \(self.keyId)" }
    }

    struct Message: Decodable, CustomStringConvertible {
        let key: String
        let salt: String
        let room: String
        let senderKey: String
        let kind: String
        let id: String
        let plaintext: String?
        let nonce: String?
        let wire: String
        let why: String?
        var description: String { self.why ?? "\(self.kind) \(self.id) in \(self.room)" }

        var roomKey: RoomKey { RoomKey(bytes: Base64URL.decode(self.key)!, salt: Base64URL.decode(self.salt)!)! }
        var context: RoomSealContext {
            RoomSealContext(room: self.room, sender: IdentityKey(text: self.senderKey)!, kind: ChatMessage.Kind(rawValue: self.kind)!, id: self.id)
        }
    }

    /// A file body sealed before upload (docs/PROTOCOL.md, "Files"); `body` and `sealed` in standard base64.
    struct FileBody: Decodable, CustomStringConvertible {
        let key: String
        let salt: String
        let room: String
        let sender: String
        let file: String
        let body: String
        let sealed: String
        let sealedSize: Int
        var description: String { "file \(self.file) in \(self.room)" }

        var roomKey: RoomKey { RoomKey(bytes: Base64URL.decode(self.key)!, salt: Base64URL.decode(self.salt)!)! }
        var context: RoomSealContext { .fileBody(room: self.room, sender: IdentityKey(text: self.sender)!, file: FileID(hex: self.file)!) }
        var bodyBytes: [UInt8] { Array(Data(base64Encoded: self.body)!) }
        var sealedBytes: [UInt8] { Array(Data(base64Encoded: self.sealed)!) }
    }

    struct Share: Decodable, CustomStringConvertible {
        let why: String
        let room: String
        let sender: Int
        let key: String
        let keyId: String
        let previous: String
        let recipients: [Int]
        /// The share's frame id, which its possession proof binds.
        let id: String
        /// The possession proof, in hex.
        let proof: String
        let wire: String
        let reader: Int?
        var description: String { self.why }
    }

    struct Direct: Decodable, CustomStringConvertible {
        let sender: Int
        let recipient: Int
        let id: String
        let plaintext: String?
        let pairKey: String
        let nonce: String
        let wire: String
        let why: String?
        var description: String { self.why ?? "\(self.sender) to \(self.recipient), id \(self.id)" }
    }

    struct Passphrase: Decodable, CustomStringConvertible {
        let passphrase: String
        let weak: Bool
        var description: String { "\(self.passphrase.unicodeScalars.count) scalars, weak: \(self.weak)" }
    }

    let scheme: String
    let iterations: Int
    let people: [Person]
    let badBox: String
    let keys: [Key]
    let messages: [Message]
    let fileBodies: [FileBody]
    let rejections: [Message]
    let shares: [Share]
    let shareRejections: [Share]
    let directs: [Direct]
    let directRejections: [Direct]
    let weakPassphrases: [Passphrase]
    let notSealed: [String]

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/protocol/e2e2/vectors.json")

    /// The vectors; a missing or unreadable file fails loudly rather than giving zero test cases.
    static let all: Vectors = {
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Vectors.self, from: Data(contentsOf: Self.file))
        } catch {
            fatalError("cannot read \(Self.file.path): \(error)")
        }
    }()

    /// The bytes of hex digits, as the vectors write proofs.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) }
    }

    /// What generate.py uses instead of random bytes: the first `count` bytes of SHA-256 of a label.
    static func fixed(_ label: String, _ count: Int) -> [UInt8] {
        Array(SHA256.hash(data: Array(label.utf8)).prefix(count))
    }
}
