import Testing
import ZeroMQ

@Suite struct ZMQWakeupTests {
    @Test func aSignalFromAnotherThreadWakesAnIndefinitePoll() async throws {
        let context = try ZMQContext()
        let wakeup = try ZMQWakeup(context: context)
        let woke = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                var poller = ZMQPoller([wakeup.receiver])
                return try poller.poll(timeout: nil)
            }
            try await Task.sleep(for: .milliseconds(20))
            wakeup.signal()
            return try await group.next()!
        }
        #expect(woke)
    }

    @Test func aStopRequestIsSeenAfterTheWakeUp() throws {
        let context = try ZMQContext()
        let wakeup = try ZMQWakeup(context: context)
        #expect(!wakeup.isStopRequested)
        wakeup.requestStop()
        var poller = ZMQPoller([wakeup.receiver])
        #expect(try poller.poll(timeout: .seconds(5)))
        wakeup.drain()
        #expect(wakeup.isStopRequested)
        #expect(try poller.poll(timeout: .milliseconds(1)) == false, "draining consumed the signal")
    }

    @Test func repeatedSignalsCoalesceIntoOne() throws {
        let context = try ZMQContext()
        let wakeup = try ZMQWakeup(context: context)
        for _ in 0..<1000 { wakeup.signal() }
        var poller = ZMQPoller([wakeup.receiver])
        #expect(try poller.poll(timeout: .seconds(5)))
        wakeup.drain()
        #expect(try poller.poll(timeout: .milliseconds(1)) == false)
        wakeup.signal()
        #expect(try poller.poll(timeout: .seconds(5)), "a signal after draining wakes again")
    }
}
