import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal in "raw" mode: every key arrives at once, unechoed, and Ctrl-C is just a key.
///
/// ``restore()`` puts back exactly the settings found, and is safe to call more than once (on quit,
/// on a signal, on an error). Output processing stays on, so `\n` still starts a new line.
public final class RawTerminal: Sendable {
    private let original: Mutex<termios?>

    /// Switches standard input to raw mode; `nil` if it is not a terminal.
    public init?() {
        var settings = termios()
        guard isatty(0) == 1, tcgetattr(0, &settings) == 0 else { return nil }
        let original = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSAFLUSH, &settings) == 0 else { return nil }
        self.original = Mutex(original)
    }

    /// Puts the terminal back as it was.
    public func restore() {
        guard var settings = self.original.withLock({ $0.take() }) else { return }
        tcsetattr(0, TCSAFLUSH, &settings)
    }

    deinit {
        self.restore()
    }

    /// The terminal's width in columns (80 if unknown).
    public static var width: Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// Writes straight to standard output (or error), unbuffered, whole.
func writeOut(_ text: String, to descriptor: Int32 = 1) {
    _ = try? FileDescriptor(rawValue: descriptor).writeAll(text.utf8)
}

/// Writes a line for the user on standard error, at once.
public func printError(_ text: String) {
    writeOut(text, to: 2)
}
