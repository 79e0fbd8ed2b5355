public import ChatClient
import ChatConfig
public import Identity

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `chat` keeps who it is, whom it has seen and the keys of its encrypted rooms: the identity
/// (0600, made on first use), the pins beside it (`identity.pins`) and the keyring (`identity.keys`),
/// each 0600. Names and keys only, never a message.
public struct IdentityFiles: Sendable {
    public let identityPath: String
    public var pinsPath: String { self.identityPath + ".pins" }
    public var keyringPath: String { self.identityPath + ".keys" }
    /// The most a pins or keyring file may hold: thousands of lines.
    static let maxListBytes = 1 << 20

    public init(identityPath: String) {
        self.identityPath = identityPath
    }

    /// `$XDG_CONFIG_HOME/private-chat/identity`, else `$HOME/.config/private-chat/identity`.
    public static func defaultIdentityPath() -> String {
        if let config = environmentValue("XDG_CONFIG_HOME"), config.hasPrefix("/") { return "\(config)/private-chat/identity" }
        let home = environmentValue("HOME") ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) } ?? "/"
        return "\(home)/.config/private-chat/identity"
    }

    /// The identity in the file, or a new one written there (with its directory, 0700) on first use.
    public func loadIdentity() throws(Problem) -> Identity {
        let directory = String(self.identityPath.prefix(upTo: self.identityPath.lastIndex(of: "/") ?? self.identityPath.startIndex))
        let text: String
        do throws(SecretFileError) {
            if !directory.isEmpty { try SecretFile.makeDirectory(directory) }
            text = try SecretFile.load(path: self.identityPath) { Identity().exported }.text
        } catch {
            throw Problem(description: error.description)
        }
        guard let identity = Identity(exported: text) else {
            throw Problem(description: "\(self.identityPath) does not hold an identity (a privchat-id1-secret: line)")
        }
        return identity
    }

    /// The pins in the file; none when there is no file yet.
    public func loadPins() throws(Problem) -> ContactPins {
        ContactPins(lines: try self.loadLines(self.pinsPath))
    }

    /// Writes the pins whole, aside then renamed over the file, readable by its owner alone.
    public func save(_ pins: ContactPins) {
        try? SecretFile.replace(path: self.pinsPath, with: pins.lines.map { $0 + "\n" }.joined())
    }

    /// The room keys in the keyring file; none when there is no file yet.
    public func loadKeyring() throws(Problem) -> RoomKeyring {
        RoomKeyring(lines: try self.loadLines(self.keyringPath))
    }

    /// Writes the keyring whole, as the pins are written.
    public func save(_ keyring: RoomKeyring) {
        try? SecretFile.replace(path: self.keyringPath, with: keyring.lines.map { $0 + "\n" }.joined())
    }

    /// The lines of a pins or keyring file; none when there is no file yet. A file others may read is refused.
    private func loadLines(_ path: String) throws(Problem) -> [Substring] {
        do throws(SecretFileError) {
            let (text, _) = try SecretFile.load(path: path, create: nil, maxBytes: Self.maxListBytes)
            return text.split(separator: "\n")
        } catch .missing {
            return []
        } catch {
            throw Problem(description: error.description)
        }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }
}
