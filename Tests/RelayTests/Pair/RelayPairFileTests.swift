import Foundation
import Logging
import NIOPosix
import RelayProtocol
import Synchronization
import Testing
import ZeroMQ

@testable import Relay

/// File bodies in a Binary Star pair over real ZeroMQ sockets (docs/PROTOCOL.md, "File bodies"): the
/// backup gets every body beside the command log, live or after its snapshot, and after a takeover
/// serves what it got and goes on with unfinished uploads from its offset.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RelayPairFileTests {
    typealias Peer = RelayServiceTests.Peer
    typealias Pair = RelayPairTests.Pair

    /// The relays' runs, started when a test says so.
    final class Runs: Sendable {
        private let tasks = Mutex<[String: Task<Void, any Error>]>([:])

        func start(_ name: String, _ relay: RelayService) {
            self.tasks.withLock { $0[name] = Task { try await relay.run() } }
        }

        /// Stops a relay gracefully, as SIGTERM does.
        func stop(_ name: String) {
            self.tasks.withLock { $0[name]?.cancel() }
        }

        func stopAll() {
            self.tasks.withLock { tasks in
                for task in tasks.values { task.cancel() }
            }
        }
    }

    /// A primary and a backup that know each other; the primary runs from the start, the backup when
    /// `body` starts it (at once unless `backupLater`).
    static func withPair(backupLater: Bool = false, _ body: @escaping @Sendable (Pair, Runs) throws -> Void) async throws {
        let name = "pair-files-\(UInt64.random(in: 0...UInt64.max))"
        let primaryEndpoints = RelayEndpoints.inproc(name: "\(name)-a")
        let backupEndpoints = RelayEndpoints.inproc(name: "\(name)-b")
        let context = try ZMQContext()
        let pair = Pair(
            primary: RelayService(
                configuration: RelayConfiguration(endpoints: primaryEndpoints, pair: RelayPairConfiguration(isPrimary: true, peer: backupEndpoints)),
                context: context,
                logger: Logger(label: "primary")
            ),
            backup: RelayService(
                configuration: RelayConfiguration(endpoints: backupEndpoints, pair: RelayPairConfiguration(isPrimary: false, peer: primaryEndpoints)),
                context: context,
                logger: Logger(label: "backup")
            ),
            context: context
        )
        let runs = Runs()
        runs.start("primary", pair.primary)
        if !backupLater { runs.start("backup", pair.backup) }
        defer { runs.stopAll() }
        try await NIOThreadPool.singleton.runIfActive { try body(pair, runs) }
    }

    /// Stops the primary, waits for the backup to serve, and moves `gateway` to it.
    static func failOver(_ pair: Pair, _ runs: Runs, gateway: Peer) throws -> Peer {
        runs.stop("primary")
        try RelayPairTests.wait { pair.backup.status.peerState == .active }
        let moved = try Peer(pair.context, pair.backup.configuration.endpoints, identity: gateway.identity)
        _ = try moved.synchronize()
        return moved
    }

    @Test func bodiesSentAsTheyArriveAreServedByTheBackupAfterATakeover() async throws {
        try await Self.withPair { pair, runs in
            try RelayPairTests.wait { pair.primary.status.peerState == .active && pair.backup.status.peerState == .passive }
            let gateway = try Peer(pair.context, pair.primary.configuration.endpoints)
            _ = try gateway.synchronize()
            try gateway.claim("al")
            let shared = fileBody(300_000, seed: 1)
            let sharedFile = try gateway.upload(shared)
            try gateway.share(sharedFile, size: shared.count, id: "f1")
            _ = try gateway.nextPublished(.message)
            let partial = fileBody(100_000, seed: 2)
            let partialFile = try #require(try gateway.open(size: partial.count).fileID)
            try gateway.send(partial[..<40_000], of: partialFile)
            // A body shared and deleted is dropped by the backup too.
            let deleted = try gateway.upload(fileBody(10, seed: 3))
            try gateway.share(deleted, size: 10, id: "f2")
            let deletedEvent = try gateway.nextPublished(.message)
            let delete = EnvelopeReference(relation: .delete, roomSequence: deletedEvent.roomSequence, id: "f2")
            try gateway.send(
                Envelope(
                    kind: .say,
                    flags: .refers,
                    origin: Origin(gateway: 0, connection: 1),
                    room: "r",
                    sender: "al",
                    clientMessageID: "d",
                    payload: delete.bytes
                )
            )
            _ = try gateway.nextPublished(.fileForget)
            try RelayPairTests.wait { pair.backup.status.filesHeld == 2 && pair.backup.status.fileBytesHeld == shared.count + 40_000 }

            let moved = try Self.failOver(pair, runs, gateway: gateway)
            #expect(try moved.download(sharedFile) == shared)
            let resumed = try moved.open(size: partial.count, resuming: partialFile)
            #expect(resumed.fileProgress?.received == 40_000, "the upload goes on from the backup's offset")
            try moved.send(partial[40_000...], of: partialFile)
            #expect(try moved.download(partialFile) == partial)
            try moved.share(sharedFile, size: shared.count, id: "f3")
            #expect(try moved.errorCode() == "bad_request", "the backup learnt it was shared when it applied the event")
            try moved.share(partialFile, size: partial.count, id: "f4")
            #expect(try moved.nextPublished(.message).fileReference?.file == partialFile)
        }
    }

    @Test func bodiesHeldBeforeTheBackupCameAreSentAfterItsSnapshot() async throws {
        try await Self.withPair(backupLater: true) { pair, runs in
            let gateway = try Peer(pair.context, pair.primary.configuration.endpoints)
            _ = try gateway.synchronize()
            try gateway.claim("al")
            // More than a pass's budget and a window's worth in all: the queue must come back for the rest.
            let bodies = (1...6).map { fileBody(1_000_000, seed: UInt64($0)) }
            let files = try bodies.map { try gateway.upload($0) }
            try gateway.share(files[0], size: bodies[0].count, id: "f1")
            let sharedEvent = try gateway.nextPublished(.message)
            let partial = fileBody(50_000, seed: 9)
            let partialFile = try #require(try gateway.open(size: partial.count).fileID)
            try gateway.send(partial[..<20_000], of: partialFile)

            runs.start("backup", pair.backup)
            try RelayPairTests.wait { pair.primary.status.peerState == .active && pair.backup.status.peerState == .passive }
            try RelayPairTests.wait { pair.backup.status.fileBytesHeld == 6_000_000 + 20_000 }
            // A chunk after the snapshot's bodies went: sent live.
            try gateway.send(partial[20_000..<30_000], of: partialFile)
            try RelayPairTests.wait { pair.backup.status.fileBytesHeld == 6_000_000 + 30_000 }

            let moved = try Self.failOver(pair, runs, gateway: gateway)
            for (file, body) in zip(files, bodies) { #expect(try moved.download(file) == body) }
            #expect(try moved.open(size: partial.count, resuming: partialFile).fileProgress?.received == 30_000)
            try moved.share(files[0], size: bodies[0].count, id: "f2")
            #expect(try moved.errorCode() == "bad_request", "shared already: the snapshot's bodies say where they were shared")
            let joined = try #require(try moved.claim("bo", connection: 2).first { $0.kind == .joined })
            let item = try #require(try RoomSnapshotView(joined.payload).history.first { $0.seq == sharedEvent.roomSequence })
            #expect(item.file?.id == files[0].hex && item.file?.expired == nil, "the backup holds it")
        }
    }
}
