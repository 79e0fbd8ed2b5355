import SystemPackage

/// How every subcommand ends: one human line on stderr, one JSON line on stdout, and the exit code.
///
/// Scripts read stdout only, so progress and the summary for people go to stderr.
enum Report {
    /// Writes a progress or summary line for people.
    static func say(_ line: String) {
        self.write(line + "\n", to: 2)
    }

    /// Prints the summary and the JSON line; returns the exit status (0 ok, 1 not ok).
    static func finish(summary: String, json: JSONLine, ok: Bool) -> Int32 {
        self.say(summary)
        self.write(json.text + "\n", to: 1)
        return ok ? 0 : 1
    }

    /// Writes all of `text` with `write(2)`: unbuffered, so the order of stderr and stdout lines holds.
    private static func write(_ text: String, to descriptor: Int32) {
        _ = try? FileDescriptor(rawValue: descriptor).writeAll(text.utf8)
    }
}
