import NIOPosix
import ServiceLifecycle

/// Runs a ZeroMQ poll loop on a thread of its own, as a `Service`'s `run()` does.
///
/// libzmq sockets must stay on the thread that uses them, and a blocking `zmq_poll` must stay off
/// Swift's cooperative pool. So the loop gets a thread of its own (a one-thread `NIOThreadPool`: the
/// loop never gives it back), and the caller only waits for it. On cancellation or graceful shutdown,
/// the loop is told to stop through a ``ZMQWakeup`` (the zguide's "signaling between threads"): it
/// must poll ``ZMQWakeup/receiver`` and return once ``ZMQWakeup/isStopRequested``.
public enum ZMQLoopThread {
    /// Runs `loop` on a new thread and returns when it does, rethrowing what it throws.
    ///
    /// - Parameters:
    ///   - context: the context of the wakeup's `inproc://` pair.
    ///   - loop: makes its sockets and polls them, on the new thread; it is handed the wakeup to poll.
    public static func run(context: ZMQContext, _ loop: @escaping @Sendable (ZMQWakeup) throws -> Void) async throws {
        let wakeup = try ZMQWakeup(context: context)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        defer { thread.shutdownGracefully { _ in } }
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await thread.runIfActive { try loop(wakeup) }
        } onCancelOrGracefulShutdown: {
            wakeup.requestStop()
        }
    }
}
