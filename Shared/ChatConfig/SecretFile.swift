#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file holding a secret (an access key, the relay link's cluster key): readable by its owner
/// alone, created whole or not at all.
///
/// Several processes may start at once with the same path (gateways scaled side by side, a relay and
/// its gateways): a new file is written aside, then hard-linked into place, so the first writer's
/// secret wins and every other process reads that one.
public enum SecretFile {
    /// Reads the secret at `path`, or, when there is no file there and `create` is given, writes the
    /// secret it makes. Returns the file's text, trimmed of surrounding whitespace, and whether this
    /// call created it.
    ///
    /// - Parameter maxBytes: the most the file may hold (a key file holds a line; a keyring, more).
    /// - Throws: ``SecretFileError``: unreadable, too large, readable by others, or not writable.
    public static func load(path: String, create: (() -> String)?, maxBytes: Int = 4096) throws(SecretFileError) -> (text: String, created: Bool) {
        switch Self.readText(path, maxBytes: maxBytes) {
        case .success(let text): return (text, false)
        case .failure(.missing(_)) where create != nil: break
        case .failure(let error): throw error
        }
        let secret = create!()
        // A name of its own, not one made from the pid: gateways in containers side by side are all pid 1.
        var template = Array("\(path).XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw .unwritable(path) }
        let aside = String(cString: template)
        let line = Array((secret + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        defer { unlink(aside) }
        guard written == line.count else { throw .unwritable(path) }
        if link(aside, path) == 0 { return (secret, true) }
        guard errno == EEXIST else { throw .unwritable(path) }
        return (try Self.readText(path, maxBytes: maxBytes).get(), false)
    }

    /// Writes `text` as the whole of the file at `path`, readable by its owner alone: aside first, then
    /// renamed over the file, so that a reader sees the old text or the new, never half of one.
    ///
    /// For secrets that change (the CLI's keyring, its pins); the last writer wins.
    public static func replace(path: String, with text: String) throws(SecretFileError) {
        var template = Array("\(path).XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)  // 0600
        guard descriptor >= 0 else { throw .unwritable(path) }
        let aside = String(cString: template)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(aside, path) == 0 else {
            unlink(aside)
            throw .unwritable(path)
        }
    }

    /// Creates `path` (and its parents) readable by its owner alone, if it is not there yet.
    public static func makeDirectory(_ path: String) throws(SecretFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { throw .unwritable(path) }
        }
    }

    /// Reads the file at `path`, which its owner alone may read, as it is: not trimmed, so that a file of
    /// several lines (the gateway's bot tokens) can name a line by its number.
    public static func readLines(path: String, maxBytes: Int) throws(SecretFileError) -> String {
        try Self.readText(path, maxBytes: maxBytes, trimmed: false).get()
    }

    private static func readText(_ path: String, maxBytes: Int, trimmed: Bool = true) -> Result<String, SecretFileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(errno == ENOENT ? .missing(path) : .unreadable(path)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(path)) }
        // A group may read it (a Kubernetes Secret mounted with fsGroup); nobody else may, and only the owner writes.
        guard status.st_mode & 0o027 == 0 else { return .failure(.exposed(path, mode: UInt32(status.st_mode & 0o777))) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > maxBytes { return .failure(.tooLarge(path)) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return .success(trimmed ? text.trimmingWhitespace() : text)
    }
}

/// Why a secret file could not be used.
public enum SecretFileError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case unreadable(String)
    case tooLarge(String)
    case exposed(String, mode: UInt32)
    case unwritable(String)

    public var description: String {
        switch self {
        case .missing(let path): "there is no file \(path)"
        case .unreadable(let path): "cannot read \(path)"
        case .tooLarge(let path): "\(path) is too large for a key file"
        case .exposed(let path, let mode): "\(path) may be read or written by others (mode \(String(mode, radix: 8))): chmod 600 \(path)"
        case .unwritable(let path): "cannot write a new key to \(path)"
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace (a file holding a key usually ends in a newline).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = self.firstIndex(where: { !isSpace($0) }), let last = self.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
