public import Logging
public import ServiceLifecycle
public import ZeroMQ

/// Sequences chat envelopes and fans them out to every gateway: the zguide "Clone" server, as a `Service`.
///
/// libzmq sockets must stay on one thread and blocking calls must stay off Swift's cooperative pool,
/// so the loop gets a thread of its own (``ZMQLoopThread``); `run()` waits for it and, on shutdown, wakes it to stop.
public struct RelayService: Service {
    public let configuration: RelayConfiguration
    /// Shared with an embedded gateway so that `inproc://` endpoints connect.
    public let context: ZMQContext
    public let status: RelayStatus
    let logger: Logger

    public init(configuration: RelayConfiguration, context: ZMQContext, logger: Logger) {
        self.configuration = configuration
        self.context = context
        self.status = RelayStatus(epoch: RelayStatus.newEpoch())
        self.logger = logger
    }

    public func run() async throws {
        try await ZMQLoopThread.run(context: self.context) { [configuration, context, status, logger] wakeup in
            let loop = try RelayLoop(configuration: configuration, context: context, status: status, logger: logger)
            try loop.run(wakeup: wakeup)
        }
    }
}
