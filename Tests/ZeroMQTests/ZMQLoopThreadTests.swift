import Synchronization
import Testing
import ZeroMQ

@Suite struct ZMQLoopThreadTests {
    /// Set by the loop thread once it polls.
    final class Started: Sendable {
        let flag = Atomic<Bool>(false)
    }

    /// Polls the wakeup until asked to stop, as every loop run by ``ZMQLoopThread`` does.
    static func pollUntilStopped(_ wakeup: ZMQWakeup, started: Started) throws {
        var poller = ZMQPoller([wakeup.receiver])
        started.flag.store(true, ordering: .releasing)
        while !wakeup.isStopRequested {
            if try poller.poll(timeout: nil), poller.isReadable(0) { wakeup.drain() }
        }
    }

    struct Failure: Error {}

    @Test func cancellingTheTaskStopsTheLoop() async throws {
        let context = try ZMQContext()
        let started = Started()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ZMQLoopThread.run(context: context) { try Self.pollUntilStopped($0, started: started) } }
            while !started.flag.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(5)) }
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test func whatTheLoopThrowsIsRethrown() async throws {
        let context = try ZMQContext()
        await #expect(throws: Failure.self) {
            try await ZMQLoopThread.run(context: context) { _ in throw Failure() }
        }
    }
}
