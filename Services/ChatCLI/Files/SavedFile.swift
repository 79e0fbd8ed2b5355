#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a downloaded file (`/save`) without ever replacing anything: a name taken already gets
/// ` (1)`, ` (2)`, … before its extension, and the file is made with `O_CREAT | O_EXCL`, which also
/// refuses to follow a symbolic link planted at the name.
enum SavedFile {
    /// Why a file could not be written; the description says where.
    struct Problem: Error, Hashable, CustomStringConvertible {
        let description: String
    }

    /// The most names tried before giving up.
    static let maximumAttempts = 1000

    /// Where `/save` writes a file named `name` (safe already): to `path` if given (`~` expanded; into
    /// it, if it is a directory), else into the current directory.
    static func destination(for name: String, path: String?, current: String = LocalPath.current) -> String {
        guard let path = path.map({ LocalPath.expanded($0) }) else { return current + "/" + name }
        if path.hasSuffix("/") || LocalPath.isDirectory(path) { return (path.hasSuffix("/") ? path : path + "/") + name }
        return path
    }

    /// The `attempt`th name for `path`: itself first, then `photo (1).png`, `photo (2).png`, … (a
    /// leading dot starts no extension: `.notes (1)`).
    static func numbered(_ path: String, attempt: Int) -> String {
        guard attempt > 0 else { return path }
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let dot = path[slash...].lastIndex(of: ".").flatMap { $0 == slash ? nil : $0 } ?? path.endIndex
        return path[..<dot] + " (\(attempt))" + path[dot...]
    }

    /// Writes `bytes` to `path`, or the first numbered name not taken; returns the path written.
    static func save(_ bytes: [UInt8], to path: String) throws(Problem) -> String {
        for attempt in 0..<Self.maximumAttempts {
            let candidate = Self.numbered(path, attempt: attempt)
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor < 0 && errno == EEXIST { continue }
            guard descriptor >= 0 else { throw Self.problem(candidate) }
            let written = Self.writeAll(bytes, to: descriptor)
            let problem = written ? nil : Self.problem(candidate)
            guard close(descriptor) == 0, written else {
                let problem = problem ?? Self.problem(candidate)
                // Nothing half written stays behind.
                unlink(candidate)
                throw problem
            }
            return candidate
        }
        throw Problem(description: "cannot write \(path): it and the \(Self.maximumAttempts - 1) numbered names beside it are taken")
    }

    /// Whether all of `bytes` went to the file (else `errno` says why).
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    private static func problem(_ path: String) -> Problem {
        Problem(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
