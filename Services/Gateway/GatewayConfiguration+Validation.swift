public import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GatewayConfiguration {
    /// The shortest ping interval: a client gets at least this long to answer a ping.
    static let minimumPingInterval: Duration = .milliseconds(100)
    /// The largest message the relay accepts, so the largest a gateway may let through.
    static let maximumMessageBytes = 1_000_000

    /// Throws the first rule this configuration breaks, with the message `chat-gateway` prints for it.
    public func validate() throws(ValidationError) {
        try self.embeddedChatLimits.validate()
        if let webRoot = self.webRoot, !Self.isDirectory(webRoot) {
            throw ValidationError("--web-root \(webRoot) is not a folder (build the GUI with: make web)")
        }
        guard self.usernameTimeout > .zero else { throw ValidationError("--hello-timeout must be positive") }
        guard self.pingInterval >= Self.minimumPingInterval else {
            throw ValidationError("--ping-interval must be at least \(Self.minimumPingInterval.secondsFlagText)")
        }
        try Self.checkRelays(relay: self.relay != nil, backup: self.backupRelay != nil)
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0...65535") }
        if let ircPort = self.ircPort {
            guard (0...65535).contains(ircPort) else { throw ValidationError("--irc-port must be 0...65535") }
            guard ircPort == 0 || ircPort != self.port else { throw ValidationError("--irc-port must differ from --port") }
        }
        guard (1...Self.maximumMessageBytes).contains(self.maxMessageBytes) else {
            throw ValidationError("--max-message-bytes must be 1...\(Self.maximumMessageBytes) (the relay refuses envelopes over 1 MiB)")
        }
        guard self.messagesPerSecond > 0 else { throw ValidationError("--rate must be positive") }
        guard self.burst >= 1 else { throw ValidationError("--burst must be at least 1") }
        guard self.fileBytesPerSecond > 0 else { throw ValidationError("--file-rate must be positive") }
        guard self.fileBurst >= FileTransfer.chunkBytes else {
            throw ValidationError("--file-burst must be at least \(FileTransfer.chunkBytes) (one whole chunk)")
        }
        guard self.maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard self.paceTimeout > .zero else { throw ValidationError("--pace-timeout must be positive") }
        guard self.helloRate > 0 else { throw ValidationError("--hello-rate must be positive") }
        guard self.clientQueueBytes >= self.maxMessageBytes else {
            throw ValidationError("--client-queue-bytes must be at least --max-message-bytes")
        }
    }

    /// A backup relay is the second of a pair: it needs the primary.
    static func checkRelays(relay: Bool, backup: Bool) throws(ValidationError) {
        if backup && !relay { throw ValidationError("--backup-relay needs --relay: the primary relay of the pair") }
    }

    /// Whether `path` names a folder (following links).
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
