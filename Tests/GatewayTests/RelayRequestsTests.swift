import RelayProtocol
import Synchronization
import Testing

@testable import Gateway

/// The gateway's own requests to the relay and their answers, matched by client message id.
@Suite(.timeLimit(.minutes(1))) struct RelayRequestsTests {
    /// What a test's "relay" was sent.
    final class Sent: Sendable {
        let envelopes = Mutex<[Envelope]>([])
        func record(_ envelope: Envelope) -> RelayLink.SendResult {
            self.envelopes.withLock { $0.append(envelope) }
            return .sent
        }
        var last: Envelope? { self.envelopes.withLock { $0.last } }
    }

    static func read(_ id: String) -> Envelope { Envelope(kind: .fileRead, clientMessageID: id) }

    /// How `ask` failed; `nil` if it was answered.
    static func failure(of requests: RelayRequests, sent: Sent) async -> RelayRequests.Failure? {
        do throws(RelayRequests.Failure) {
            _ = try await requests.ask(Self.read, send: sent.record)
            return nil
        } catch {
            return error
        }
    }

    /// Waits until `sent` holds a request, and returns it.
    static func request(in sent: Sent) async throws -> Envelope {
        while sent.last == nil { try await Task.sleep(for: .milliseconds(1)) }
        return sent.last!
    }

    @Test func anAnswerWithTheRequestsIDEndsItsWait() async throws {
        let requests = RelayRequests(timeout: .seconds(30))
        let sent = Sent()
        async let answer = requests.ask(Self.read, send: sent.record)
        let request = try await Self.request(in: sent)
        #expect(!requests.answer(Envelope(kind: .fileData, clientMessageID: "someone-else")))
        #expect(requests.answer(Envelope(kind: .fileData, clientMessageID: request.clientMessageID, payload: [1])))
        #expect(try await answer.payload == [1])
        #expect(requests.count == 0)
    }

    @Test func eachRequestGetsAnIDOfItsOwn() async throws {
        let requests = RelayRequests(timeout: .milliseconds(20))
        let sent = Sent()
        _ = try? await requests.ask(Self.read, send: sent.record)
        _ = try? await requests.ask(Self.read, send: sent.record)
        let ids = sent.envelopes.withLock { $0.map(\.clientMessageID) }
        #expect(ids.count == 2 && ids[0] != ids[1])
    }

    @Test func noAnswerWithinTheTimeoutIsATimeoutAndALateOneIsNobodys() async throws {
        let requests = RelayRequests(timeout: .milliseconds(50))
        let sent = Sent()
        await #expect(throws: RelayRequests.Failure.timedOut) { try await requests.ask(Self.read, send: sent.record) }
        #expect(!requests.answer(Envelope(kind: .fileData, clientMessageID: try #require(sent.last).clientMessageID)))
    }

    @Test func theLinkGoingDownFailsEveryWaitingRequest() async throws {
        let requests = RelayRequests(timeout: .seconds(30))
        let sent = Sent()
        async let first = Self.failure(of: requests, sent: sent)
        async let second = Self.failure(of: requests, sent: sent)
        while requests.count < 2 { try await Task.sleep(for: .milliseconds(1)) }
        requests.failAll()
        #expect(await [first, second] == [.unavailable, .unavailable])
        #expect(requests.count == 0)
    }

    @Test func aSendThatFailsIsTheAnswer() async throws {
        let requests = RelayRequests(timeout: .seconds(30))
        await #expect(throws: RelayRequests.Failure.unavailable) { try await requests.ask(Self.read) { _ in .unavailable } }
        await #expect(throws: RelayRequests.Failure.busy) { try await requests.ask(Self.read) { _ in .busy } }
        #expect(requests.count == 0)
    }

    @Test func pastItsCapacityARequestIsRefusedAtOnce() async throws {
        let requests = RelayRequests(capacity: 1, timeout: .seconds(30))
        let sent = Sent()
        async let waiting = Self.failure(of: requests, sent: sent)
        _ = try await Self.request(in: sent)
        #expect(await Self.failure(of: requests, sent: sent) == .full)
        #expect(sent.envelopes.withLock { $0.count } == 1, "the refused one was not sent")
        requests.failAll()
        #expect(await waiting == .unavailable)
    }
}
