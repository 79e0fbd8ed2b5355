import ChatProtocol
import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret a client must present before its WebSocket upgrade (docs/PROTOCOL.md, "Access key").
///
/// Only its SHA-256 digest is kept: a presented key is hashed and the two digests are compared whole,
/// so the comparison takes the same time wherever the first wrong character is.
public struct AccessKey: Sendable {
    /// Characters a key may use: those that survive a URL, a header and a WebSocket subprotocol token unescaped.
    static let allowedCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
    static let lengths = 16...128

    private let digest: [UInt8]

    /// Validates `key` (trimmed of surrounding whitespace, as a file holding it usually ends in a newline).
    public init(_ key: String) throws(AccessKeyError) {
        let trimmed = key.trimmingWhitespace()
        guard Self.lengths.contains(trimmed.utf8.count) else { throw .badLength(trimmed.utf8.count) }
        guard trimmed.utf8.allSatisfy(Self.allowedCharacters.contains) else { throw .badCharacter }
        self.digest = Array(SHA256.hash(data: Array(trimmed.utf8)))
    }

    /// Whether `presented` is this key, in time independent of where they differ.
    func matches(_ presented: some Collection<UInt8>) -> Bool {
        let other = Array(SHA256.hash(data: Array(presented)))
        var difference: UInt8 = 0
        for index in 0..<self.digest.count { difference |= self.digest[index] ^ other[index] }
        return difference == 0
    }

    /// 32 random bytes in base64url: 43 characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// Reads the key at `path`, or, when there is no file there and `create` is set, writes a new one there.
    ///
    /// Gateways scaled side by side may all start at once with the same (shared) path: the file appears
    /// whole or not at all (written aside, then hard-linked into place), and the first gateway's key
    /// wins. Returns the key and whether this call created it.
    public static func load(path: String, create: Bool) throws -> (key: String, created: Bool) {
        if let existing = try? readFile(path) { return (existing.trimmingWhitespace(), false) }
        guard create else { throw AccessKeyError.unreadable(path) }
        let key = generate()
        let aside = "\(path).\(getpid()).tmp"
        let descriptor = open(aside, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw AccessKeyError.unwritable(path) }
        let line = Array((key + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        defer { unlink(aside) }
        guard written == line.count else { throw AccessKeyError.unwritable(path) }
        if link(aside, path) == 0 { return (key, true) }
        guard errno == EEXIST, let existing = try? readFile(path) else { throw AccessKeyError.unwritable(path) }
        return (existing.trimmingWhitespace(), false)
    }

    private static func readFile(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw AccessKeyError.unreadable(path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 4096 { throw AccessKeyError.badLength(bytes.count) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

public enum AccessKeyError: Error, CustomStringConvertible {
    case badLength(Int)
    case badCharacter
    case unreadable(String)
    case unwritable(String)

    public var description: String {
        switch self {
        case .badLength(let count):
            "an access key must be \(AccessKey.lengths.lowerBound) to \(AccessKey.lengths.upperBound) characters (this one has \(count))"
        case .badCharacter: "an access key may use only A-Z a-z 0-9 - _ . ~"
        case .unreadable(let path): "cannot read the access key file \(path)"
        case .unwritable(let path): "cannot write a new access key to \(path)"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = self.firstIndex(where: { !isSpace($0) }), let last = self.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
