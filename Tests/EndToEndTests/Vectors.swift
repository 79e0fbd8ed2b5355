import Foundation

@testable import EndToEnd

/// `Tests/Fixtures/protocol/e2e/vectors.json`: written by Python's `cryptography`, checked by every client.
struct Vectors: Decodable {
    struct Key: Decodable, Sendable, CustomStringConvertible {
        let passphrase: String
        let room: String
        let iterations: Int
        let keyHex: String
        let fingerprint: String
        var description: String { "\(self.room), \(self.iterations) rounds, passphrase \(self.passphrase.unicodeScalars.count) scalars" }
    }

    struct Message: Decodable, Sendable, CustomStringConvertible {
        let passphrase: String
        let room: String
        let iterations: Int
        let sender: String
        let plaintext: String
        let nonceHex: String
        let wire: String
        var description: String { "\(self.sender) in \(self.room): \(self.plaintext.prefix(20))" }
    }

    struct Rejection: Decodable, Sendable, CustomStringConvertible {
        let passphrase: String
        let room: String
        let iterations: Int
        let sender: String
        let wire: String
        let why: String
        var description: String { self.why }
    }

    let scheme: String
    let prefix: String
    let iterations: Int
    let keys: [Key]
    let messages: [Message]
    let rejections: [Rejection]
    let notSealed: [String]

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/protocol/e2e/vectors.json")

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
}

/// Keys derived once per passphrase, room and rounds: 600,000 rounds take seconds in a debug build.
enum DerivedKeys {
    private static let cache = Cache()

    static func key(passphrase: String, room: String, iterations: Int) throws -> RoomKey {
        try cache.key(passphrase: passphrase, room: room, iterations: iterations)
    }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var keys: [String: RoomKey] = [:]

        func key(passphrase: String, room: String, iterations: Int) throws -> RoomKey {
            let name = "\(passphrase)\u{0}\(room)\u{0}\(iterations)"
            if let key = self.lock.withLock({ self.keys[name] }) { return key }
            let key = try RoomKey(passphrase: passphrase, room: room, iterations: iterations)
            self.lock.withLock { self.keys[name] = key }
            return key
        }
    }
}

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }

    var hex: String { self.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}
