public import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--state-dir` / `CHAT_STATE_DIR`, the same for `chat-gateway` and `chat-relay`: where the relay
/// link's key lives, so that a relay and the gateways on one machine find the same one.
public struct StateDirectoryOption: ParsableArguments {
    @Option(
        help: """
            Directory for the relay link's key, made 0700 on first start. \
            (default: $XDG_STATE_HOME/private-chat, else ~/.local/state/private-chat; env: CHAT_STATE_DIR)
            """
    )
    var stateDir: String?

    public init() {}

    /// The directory from the flag, else the variable, else the XDG default.
    public func resolve() throws(ValidationError) -> String {
        try resolveOption(self.stateDir, environment: "CHAT_STATE_DIR", default: Self.defaultPath())
    }

    /// `$XDG_STATE_HOME/private-chat`, else `$HOME/.local/state/private-chat` (the XDG Base Directory default).
    public static func defaultPath() -> String {
        if let state = environmentValue("XDG_STATE_HOME"), state.hasPrefix("/") { return "\(state)/private-chat" }
        let home = environmentValue("HOME") ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) } ?? "/"
        return "\(home)/.local/state/private-chat"
    }
}
