import Synchronization
import Testing

@testable import AsyncSignals

/// A count shared by the tasks of a test.
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// Returns once `count` tasks wait on the signal.
private func waitForWaiters(_ count: Int, on signal: AsyncSignal) async {
    while signal.waiting < count { await Task.yield() }
}

/// Fires the signal once `count` tasks wait on it; returns when every one of them has woken.
private func fire(_ signal: AsyncSignal, whileWaiting count: Int) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<count { group.addTask { await signal.wait() } }
        await waitForWaiters(count, on: signal)
        signal.fire()
    }
}

@Suite struct AsyncSignalTests {
    @Test func aWakeUpGivenWhileNobodyWaitsEndsTheNextWait() async {
        let signal = AsyncSignal(.wakeUp)
        signal.fire()
        await signal.wait()
        #expect(!signal.isFired)
    }

    @Test func aWakeUpThatWokeAWaiterIsNotKept() async {
        let signal = AsyncSignal(.wakeUp)
        await fire(signal, whileWaiting: 1)
        #expect(!signal.isFired)
        #expect(signal.waiting == 0)
    }

    @Test func aWakeUpWakesEveryTaskWaitingThen() async {
        let signal = AsyncSignal(.wakeUp)
        await fire(signal, whileWaiting: 3)
        #expect(signal.waiting == 0)
    }

    @Test func aOnceSignalEndsEveryWaitThenAndLater() async {
        let signal = AsyncSignal(.once)
        await fire(signal, whileWaiting: 2)
        await signal.wait()
        await signal.wait()
        #expect(signal.isFired)
    }

    @Test func firingAOnceSignalAgainChangesNothing() async {
        let signal = AsyncSignal(.once)
        signal.fire()
        signal.fire()
        await signal.wait()
        #expect(signal.isFired)
    }

    @Test(arguments: [AsyncSignal.Mode.wakeUp, .once])
    func cancellingAWaitingTaskEndsItsWait(mode: AsyncSignal.Mode) async {
        let signal = AsyncSignal(mode)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signal.wait() }
            await waitForWaiters(1, on: signal)
            group.cancelAll()
        }
        #expect(signal.waiting == 0)
        #expect(!signal.isFired, "a cancelled wait leaves no fire behind")
    }

    @Test func aWaitInACancelledTaskReturnsAtOnce() async {
        let signal = AsyncSignal(.wakeUp)
        await withTaskGroup(of: Void.self) { group in
            group.cancelAll()
            group.addTask { await signal.wait() }
        }
        #expect(signal.waiting == 0)
    }

    /// The pattern every user follows: check a condition, wait, check again. Fired after each change,
    /// the waiter sees every change however the two threads interleave.
    @Test(.timeLimit(.minutes(1)))
    func noWakeUpIsLostBetweenACheckAndAWait() async {
        let signal = AsyncSignal(.wakeUp)
        let produced = Counter()
        let total = 10_000
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<total {
                    produced.value.add(1, ordering: .sequentiallyConsistent)
                    signal.fire()
                }
            }
            group.addTask {
                while produced.value.load(ordering: .sequentiallyConsistent) < total { await signal.wait() }
            }
        }
        #expect(produced.value.load(ordering: .sequentiallyConsistent) == total)
    }
}
