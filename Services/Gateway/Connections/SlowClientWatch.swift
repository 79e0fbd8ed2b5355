import NIOCore

/// Whether a client keeps up, judged by what its socket has not taken: past `--client-queue-bytes` the
/// channel is not writable, and a client that stays so for ``grace`` is too slow. A burst it reads at once
/// puts it over for a moment; a client that cannot keep up stays over.
///
/// Shared by ``WebSocketConnection`` and ``IRCConnection``. Used on the event loop only.
struct SlowClientWatch {
    static var grace: Duration { .seconds(1) }

    private var timer: Scheduled<Void>?

    /// Bounds the bytes the socket holds for the client (NIO's write buffer marks) at `queueBytes`.
    static func bound(_ channel: any Channel, queueBytes: Int) {
        try? channel.syncOptions?.setOption(ChannelOptions.writeBufferWaterMark, value: .init(low: queueBytes / 2, high: queueBytes))
    }

    /// The channel's writability changed: `tooSlow` runs if it is still not writable after ``grace``.
    mutating func writabilityChanged(_ context: ChannelHandlerContext, tooSlow: @escaping () -> Void) {
        let channel = context.channel
        if channel.isWritable {
            self.stop()
        } else if self.timer == nil {
            self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(Self.grace)) {
                if !channel.isWritable { tooSlow() }
            }
        }
    }

    mutating func stop() {
        self.timer?.cancel()
        self.timer = nil
    }
}
