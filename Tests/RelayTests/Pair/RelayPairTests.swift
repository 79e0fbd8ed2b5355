import Foundation
import Logging
import NIOPosix
import RelayProtocol
import Testing
import ZeroMQ

@testable import Relay

/// Two relays of a Binary Star pair over real ZeroMQ sockets (`inproc://`), driven as a gateway drives them.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RelayPairTests {
    typealias Peer = RelayServiceTests.Peer

    struct Pair {
        let primary: RelayService
        let backup: RelayService
        let context: ZMQContext
    }

    /// Runs a primary and a backup that know each other; `body` runs on a thread of its own and may
    /// stop the primary (gracefully) with the closure it is given.
    static func withPair(_ body: @escaping @Sendable (Pair, _ stopPrimary: @escaping @Sendable () -> Void) throws -> Void) async throws {
        let name = "pair-\(UInt64.random(in: 0...UInt64.max))"
        let primaryEndpoints = RelayEndpoints.inproc(name: "\(name)-a")
        let backupEndpoints = RelayEndpoints.inproc(name: "\(name)-b")
        let context = try ZMQContext()
        let primary = RelayService(
            configuration: RelayConfiguration(endpoints: primaryEndpoints, pair: RelayPairConfiguration(isPrimary: true, peer: backupEndpoints)),
            context: context,
            logger: Logger(label: "primary")
        )
        let backup = RelayService(
            configuration: RelayConfiguration(endpoints: backupEndpoints, pair: RelayPairConfiguration(isPrimary: false, peer: primaryEndpoints)),
            context: context,
            logger: Logger(label: "backup")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            let primaryTask = Task { try await primary.run() }
            group.addTask { try await backup.run() }
            try await NIOThreadPool.singleton.runIfActive {
                try body(Pair(primary: primary, backup: backup, context: context)) { primaryTask.cancel() }
            }
            primaryTask.cancel()
            group.cancelAll()
        }
    }

    static func wait(until condition: () -> Bool) throws {
        // A bound against a hang, not a speed check: a loaded machine moves megabytes slowly in a debug build.
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw RelayServiceTests.Timeout() }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    @Test func theBackupHoldsTheSameHistoryAndTakesOverWhenThePrimaryHandsOver() async throws {
        try await Self.withPair { pair, stopPrimary in
            try Self.wait { pair.primary.status.peerState == .active && pair.backup.status.peerState == .passive }
            let gateway = try Peer(pair.context, pair.primary.configuration.endpoints)
            _ = try gateway.synchronize()
            try gateway.claim("al", rooms: ["r"])
            var published: [Envelope] = [try gateway.next()]  // al joined
            for index in 1...20 {
                try gateway.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: "r", sender: "al", clientMessageID: "m\(index)", payload: Array("hello \(index)".utf8)))
                published.append(try gateway.next())
            }
            #expect(published.last?.sequence == 21)

            stopPrimary()
            try Self.wait { pair.backup.status.peerState == .active }

            let moved = try Peer(pair.context, pair.backup.configuration.endpoints, identity: gateway.identity)
            let sync = try moved.synchronize()
            #expect(sync.epoch == published[0].epoch, "the same epoch: gateways resume, they do not restart")
            #expect(sync.sequence == 21)
            try moved.send(Envelope(kind: .replayRequest, payload: ReplayRange(first: 1, last: 21).bytes))
            var replayed: [Envelope] = []
            while true {
                let envelope = try moved.next(from: moved.dealer)
                if envelope.kind == .replayEnd { break }
                replayed.append(envelope)
            }
            #expect(replayed == published, "the backup replays exactly what the primary published")

            // The copy remembers ids and names: a resend is acknowledged, not published again.
            try moved.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: "r", sender: "al", clientMessageID: "m20", payload: Array("hello 20".utf8)))
            let ack = try moved.next(from: moved.dealer)
            #expect(ack.kind == .ack && ack.roomSequence == published.last?.roomSequence)
            try moved.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: "r", sender: "al", clientMessageID: "m21", payload: Array("after".utf8)))
            let next = try moved.next()
            #expect(next.sequence == 22 && next.payload == Array("after".utf8))
        }
    }
}
