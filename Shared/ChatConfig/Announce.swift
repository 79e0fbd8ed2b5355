import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints one line for people and scripts on standard output, at once, even when stdout is a pipe.
public func announce(_ line: String) {
    _ = try? FileDescriptor.standardOutput.writeAll((line + "\n").utf8)
}

/// The process's standard output.
public enum StandardOutput {
    /// Whether it is an interactive terminal, which only the person at it reads: not a pipe, a file or a
    /// container runtime's log, which keep what they are given. Secrets are printed only there.
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
