import ChatConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths as the user types them in `/send` and `/save`.
enum LocalPath {
    /// `~` and `~/…` as the home directory, as a shell would (`~user` is left as it is).
    static func expanded(_ path: String, home: String? = LocalPath.home) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    /// `$HOME`, else the user's home in the password database.
    static var home: String? {
        environmentValue("HOME") ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) }
    }

    /// The current directory.
    static var current: String {
        guard let path = getcwd(nil, 0) else { return "." }
        defer { free(path) }
        return String(cString: path)
    }

    /// Whether `path` names a directory (following a link: a link to a directory is one to save into).
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
