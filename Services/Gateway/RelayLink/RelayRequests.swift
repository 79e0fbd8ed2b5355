import NIOCore
import NIOPosix
import RelayProtocol
import Synchronization

/// Requests the gateway itself sends the relay and waits for the answer to (an HTTP download's `fileRead`s,
/// an incoming webhook's `post`; from connection 0), matched by the client message id each gets: the request/reply half of the link,
/// which otherwise hands every answer to the connection it is for.
///
/// Answers arrive on the link's thread (``answer(_:)``). A request waits on a promise that its answer, the
/// link going down (``failAll()``) or its timeout completes, whichever comes first: no task and no thread per
/// request. Bounded: with ``capacity`` requests waiting, the next is refused at once.
final class RelayRequests: Sendable {
    /// Why no answer came.
    enum Failure: Error, Equatable {
        /// ``capacity`` requests wait already.
        case full
        /// The link is down (or went down while the request waited).
        case unavailable
        /// The queue towards the relay is full.
        case busy
        /// No answer within ``timeout``.
        case timedOut
    }

    let capacity: Int
    let timeout: Duration
    private let group: any EventLoopGroup
    private let state = Mutex(State())

    private struct State {
        var waiting: [String: EventLoopPromise<Envelope>] = [:]
        var issued: UInt64 = 0
    }

    init(capacity: Int = 256, timeout: Duration = .seconds(5), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.capacity = capacity
        self.timeout = timeout
        self.group = group
    }

    /// Requests waiting for their answers.
    var count: Int { self.state.withLock { $0.waiting.count } }

    /// Sends, with `send`, the envelope `request` makes with a new client message id, and waits for its answer.
    func ask(_ request: (_ clientMessageID: String) -> Envelope, send: (Envelope) -> RelayLink.SendResult) async throws(Failure) -> Envelope {
        let eventLoop = self.group.any()
        let promise = eventLoop.makePromise(of: Envelope.self)
        let id = self.state.withLock { state -> String? in
            guard state.waiting.count < self.capacity else { return nil }
            state.issued += 1
            let id = "request-\(state.issued)"
            state.waiting[id] = promise
            return id
        }
        guard let id else {
            promise.fail(Failure.full)
            throw .full
        }
        // Registered before it is sent: the answer may come back before this line's next.
        switch send(request(id)) {
        case .sent: break
        case .unavailable: self.complete(id, with: .failure(Failure.unavailable))
        case .busy: self.complete(id, with: .failure(Failure.busy))
        }
        let timer = eventLoop.scheduleTask(in: TimeAmount(self.timeout)) { self.complete(id, with: .failure(Failure.timedOut)) }
        defer { timer.cancel() }
        do {
            return try await promise.futureResult.get()
        } catch {
            throw error as? Failure ?? .unavailable
        }
    }

    /// An answer from the relay, on the link's thread: `true` if a request waited for it.
    func answer(_ envelope: Envelope) -> Bool {
        self.complete(envelope.clientMessageID, with: .success(envelope))
    }

    /// The link went down: no waiting request will get its answer.
    func failAll() {
        let waiting = self.state.withLock { state in
            defer { state.waiting = [:] }
            return state.waiting.values
        }
        for promise in waiting { promise.fail(Failure.unavailable) }
    }

    /// Completes the request `id` with `result`, once: `false` if it no longer waits.
    @discardableResult
    private func complete(_ id: String, with result: Result<Envelope, any Error>) -> Bool {
        guard let promise = self.state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return false }
        promise.completeWith(result)
        return true
    }
}
