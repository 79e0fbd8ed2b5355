import Foundation

/// Secrets as the user gives them (an access key, a passphrase): checked before they go anywhere, never printed.
public enum Secret {
    /// Why a secret cannot be used; the description never holds the secret.
    public struct Problem: Error, Hashable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// `key` if it has the form gateways accept (docs/PROTOCOL.md, "0. Connecting"): 16 to 128 of
    /// `A-Z a-z 0-9 - _ . ~`.
    ///
    /// Checked here so that a stray space or line break fails with a clear message instead of a
    /// puzzling 401, and so that nothing else can reach an HTTP header.
    public static func accessKey(_ key: String, from source: String) throws(Problem) -> String {
        let allowed = key.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "-_.~".utf8.contains(byte)
        }
        guard allowed, (16...128).contains(key.utf8.count) else {
            throw Problem(
                description: "the access key from \(source) is not one: it must be 16 to 128 of A-Z a-z 0-9 - _ . ~ (it has \(key.count) characters)"
            )
        }
        return key
    }

    /// The secret in a file: its text without the final line break.
    public static func read(file path: String, what: String) throws(Problem) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read the \(what) file \(path)")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw Problem(description: "the \(what) file \(path) is not UTF-8 text") }
        if text.last?.isNewline == true { text.removeLast() }  // "\r\n" is one Character
        guard !text.isEmpty else { throw Problem(description: "the \(what) file \(path) is empty") }
        return text
    }
}
