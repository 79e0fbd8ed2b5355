import SystemPackage

/// Prints one line for people and scripts on standard output, at once, even when stdout is a pipe.
public func announce(_ line: String) {
    _ = try? FileDescriptor.standardOutput.writeAll((line + "\n").utf8)
}
