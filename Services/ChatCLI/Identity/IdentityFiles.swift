public import ChatClient
import ChatConfig
public import Identity

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `chat` keeps who it is and whom it has seen: the identity (0600, made on first use) and the
/// pins beside it (`identity.pins`, 0600). Names and keys only, never a message.
public struct IdentityFiles: Sendable {
    public let identityPath: String
    public var pinsPath: String { self.identityPath + ".pins" }

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
        do throws(SecretFileError) {
            let (text, _) = try SecretFile.load(path: self.pinsPath, create: nil)
            return ContactPins(lines: text.split(separator: "\n"))
        } catch .missing {
            return ContactPins()
        } catch {
            throw Problem(description: error.description)
        }
    }

    /// Writes the pins whole, aside then renamed over the file, readable by its owner alone.
    public func save(_ pins: ContactPins) {
        let aside = self.pinsPath + ".new"
        let descriptor = open(aside, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let bytes = Array(pins.lines.map { $0 + "\n" }.joined().utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if written == bytes.count { rename(aside, self.pinsPath) } else { unlink(aside) }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }
}
