import Logging

/// Which code may log at `trace`: this package's own modules only.
///
/// At trace, swift-websocket writes the first 24 bytes of every frame it sends or receives, in hex
/// (`WebSocketFrame.traceDescription` in WSCore): that is message text. Our own modules keep message bytes
/// and keys out of every line at every level; a dependency promises nothing of the kind, so its trace
/// events are dropped, whichever logger it was handed, and `--log-level trace` adds only our own.
enum TraceSources {
    /// The modules of this package that log: the `source` swift-log gives an event by default.
    static let own: Set<String> = [
        "AsyncSignals", "ChatBench", "ChatCLI", "ChatCLIApp", "ChatClient", "ChatConfig", "ChatProtocol", "EndToEnd", "Gateway", "GatewayApp",
        "Observability", "Relay", "RelayApp", "RelayProtocol", "ZeroMQ",
    ]

    /// Whether an event of `level` from the module `source` may be written. `source` is worked out (from the
    /// event's file) only for trace events.
    static func admit(level: Logger.Level, source: @autoclosure () -> String) -> Bool {
        level != .trace || Self.own.contains(source())
    }
}
