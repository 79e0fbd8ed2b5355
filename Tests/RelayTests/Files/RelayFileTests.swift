import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing
import ZeroMQ

@testable import Relay

/// File bodies through a relay over real ZeroMQ sockets (`inproc://`), driven as a gateway drives them
/// (docs/PROTOCOL.md, "Files" and "File bodies").
@Suite(.serialized, .timeLimit(.minutes(1))) struct RelayFileTests {
    typealias Peer = RelayServiceTests.Peer

    @Test func anUploadGoesUpInChunksAndReadsBackByteForByte() async throws {
        try await RelayServiceTests.withRelay { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            let body = fileBody(FileReadRange.maximumLength + 40_000)
            let status = try peer.open(size: body.count, id: "u1")
            let file = try #require(status.fileID)
            #expect(status.clientMessageID == "u1" && status.room == "r" && status.origin.connection == 1)
            #expect(status.fileProgress == FileProgress(size: UInt64(body.count), received: 0))
            try peer.send(body[...], of: file)
            #expect(try peer.download(file) == body, "an HTTP download (connection 0): two ranges, then the empty end")
            #expect(try peer.download(file, connection: 1) == body)
            #expect(relay.status.filesHeld == 1 && relay.status.fileBytesHeld == body.count)
        }
    }

    @Test func anotherPersonsChunksAreNotYoursAndNothingChanges() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al", connection: 1)
            try peer.claim("bo", connection: 2)
            let body = fileBody(1000)
            let file = try #require(try peer.open(size: body.count).fileID)
            try peer.send(body[..<400], of: file)
            try peer.send(.fileChunk(origin: Origin(gateway: 0, connection: 2), file: file, offset: 400, bytes: body[400...]))
            #expect(try peer.errorCode() == "not_yours")
            try peer.send(.fileChunk(origin: Origin(gateway: 0, connection: 9), file: file, offset: 400, bytes: body[400...]))
            #expect(try peer.errorCode() == "not_yours", "a connection the relay does not know is nobody's")
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 2), room: "r", size: 1000, resuming: file, clientMessageID: "u"))
            #expect(try peer.errorCode() == "not_yours")
            try peer.send(.fileChunk(origin: Origin(gateway: 0, connection: 1), file: file, offset: 300, bytes: body[300...]))
            #expect(try peer.errorCode() == "bad_request", "not at the bytes received")
            try peer.send(.fileChunk(origin: Origin(gateway: 0, connection: 1), file: FileID.random(), offset: 0, bytes: [1]))
            #expect(try peer.errorCode() == "file_expired")
            // al's connection ends, and al goes on from another (a person without a key is their name).
            try peer.send(Envelope(kind: .release, origin: Origin(gateway: 0, connection: 1)))
            try peer.claim("AL", connection: 3)
            let resumed = try peer.open(size: 1000, connection: 3, resuming: file)
            #expect(resumed.fileID == file && resumed.fileProgress?.received == 400)
            try peer.send(body[400...], of: file, connection: 3)
            #expect(try peer.download(file) == body)
        }
    }

    @Test func opensAreForMembersOfTheRoomAndWithinTheLimits() async throws {
        try await RelayServiceTests.withRelay {
            $0.chat = ChatLimits(fileBytes: 100, fileBytesPerPerson: 100, fileStoreBytes: 1000)
        } _: { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 1), room: "r", size: 10, resuming: nil, clientMessageID: "u"))
            #expect(try peer.errorCode() == "not_in_room", "no name yet")
            try peer.claim("al")
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 1), room: "elsewhere", size: 10, resuming: nil, clientMessageID: "u"))
            #expect(try peer.errorCode() == "not_in_room")
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 1), room: "r", size: 101, resuming: nil, clientMessageID: "u"))
            #expect(try peer.errorCode() == "too_large")
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 1), room: "r", size: 10, resuming: FileID.random(), clientMessageID: "u"))
            #expect(try peer.errorCode() == "file_expired")
            #expect(try peer.open(size: 100).fileProgress == FileProgress(size: 100, received: 0))
        }
    }

    @Test func aFileEventIsAdmittedOnlyForACompleteUploadAndOnlyOnce() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al", connection: 1)
            try peer.claim("bo", connection: 2)
            let body = fileBody(5000)
            let file = try #require(try peer.open(size: body.count).fileID)
            try peer.send(body[..<4999], of: file)
            try peer.share(file, size: body.count, id: "f1")
            #expect(try peer.errorCode() == "bad_request", "not complete yet")
            try peer.send(body[4999...], of: file)
            try peer.share(file, size: body.count, connection: 2, name: "bo", id: "f1")
            #expect(try peer.errorCode() == "not_yours")
            try peer.share(file, size: body.count + 1, id: "f1")
            #expect(try peer.errorCode() == "bad_request", "not its size")
            try peer.share(file, size: body.count, id: "f1")
            let shared = try peer.nextPublished(.message)
            #expect(shared.flags.contains(.file) && shared.fileReference == EnvelopeFileReference(file: file, size: UInt64(body.count)))
            #expect(shared.clientMessageID == "f1" && shared.sender == "al")
            try peer.share(file, size: body.count, id: "f2")
            #expect(try peer.errorCode() == "bad_request", "shared already")
            try peer.share(file, size: body.count, id: "f1")
            let ack = try peer.reply(.ack)
            #expect(ack.roomSequence == shared.roomSequence, "a resend is acknowledged, not refused")
            try peer.share(FileID.random(), size: 10, id: "f3")
            #expect(try peer.errorCode() == "file_expired")
        }
    }

    @Test func aSharedBodyDroppedForRoomIsForgottenOnThePublisherAndExpiredInSnapshots() async throws {
        try await RelayServiceTests.withRelay {
            $0.chat = ChatLimits(fileBytes: 100, fileBytesPerPerson: 100, fileStoreBytes: 1000)
        } _: { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            let first = try peer.upload(fileBody(60))
            try peer.share(first, size: 60, id: "f1")
            let shared = try peer.nextPublished(.message)
            let unshared = try peer.upload(fileBody(40))
            #expect(try peer.open(size: 70).fileID != nil, "al's 100 bytes + 70 are over 100: al's oldest go, one after the other")
            let forget = try peer.nextPublished(.fileForget)
            #expect(
                forget.fileID == first && forget.room == "r" && forget.sequence == 0 && forget.roomSequence == 0 && forget.epoch == relay.status.epoch
            )
            try peer.send(
                .fileRead(origin: Origin(gateway: 0, connection: 0), file: first, range: FileReadRange(offset: 0, length: 10), clientMessageID: "r")
            )
            #expect(try peer.errorCode() == "file_expired")
            try peer.send(
                .fileRead(
                    origin: Origin(gateway: 0, connection: 0),
                    file: unshared,
                    range: FileReadRange(offset: 0, length: 10),
                    clientMessageID: "r"
                )
            )
            #expect(try peer.errorCode() == "file_expired", "dropped too, without an announcement: it was never shared")
            let joined = try #require(try peer.claim("bo", connection: 2).first { $0.kind == .joined })
            let snapshot = try RoomSnapshotView(joined.payload)
            let item = try #require(snapshot.history.first { $0.seq == shared.roomSequence })
            #expect(item.kind == .file && item.file == FileFacts(id: first.hex, size: 60, expired: true))
        }
    }

    @Test func deletingAFileEventDropsItsBodyAtOnce() async throws {
        try await RelayServiceTests.withRelay { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            let file = try peer.upload(fileBody(100))
            try peer.share(file, size: 100, id: "f1")
            let shared = try peer.nextPublished(.message)
            let kept = try peer.upload(fileBody(10))
            try peer.share(kept, size: 10, id: "f2")
            _ = try peer.nextPublished(.message)
            let delete = EnvelopeReference(relation: .delete, roomSequence: shared.roomSequence, id: "f1")
            try peer.send(
                Envelope(
                    kind: .say,
                    flags: .refers,
                    origin: Origin(gateway: 0, connection: 1),
                    room: "r",
                    sender: "al",
                    clientMessageID: "d1",
                    payload: delete.bytes
                )
            )
            #expect(try peer.nextPublished(.message).reference == delete)
            let forget = try peer.next()
            #expect(forget.kind == .fileForget && forget.fileID == file && forget.room == "r", "right after the delete")
            try peer.send(
                .fileRead(origin: Origin(gateway: 0, connection: 0), file: file, range: FileReadRange(offset: 0, length: 10), clientMessageID: "r")
            )
            #expect(try peer.errorCode() == "file_expired")
            #expect(try peer.download(kept) == fileBody(10) && relay.status.filesHeld == 1)
        }
    }

    @Test func anUploadWithoutChunksForTheIdleTimeIsDropped() async throws {
        try await RelayServiceTests.withRelay {
            $0.heartbeatInterval = .milliseconds(10)
            $0.fileIdleTimeout = .milliseconds(200)
        } _: { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            let file = try #require(try peer.open(size: 100).fileID)
            let complete = try peer.upload(fileBody(10))
            try peer.send(fileBody(100)[..<10], of: file)
            let deadline = ContinuousClock.now + .seconds(5)
            while relay.status.filesHeld == 2 && ContinuousClock.now < deadline {
                _ = try peer.next(keepHeartbeats: true)  // heartbeats pace the wait, and the check runs on them
            }
            try peer.send(.fileOpen(origin: Origin(gateway: 0, connection: 1), room: "r", size: 100, resuming: file, clientMessageID: "u"))
            #expect(try peer.errorCode() == "file_expired")
            #expect(try peer.download(complete) == fileBody(10), "a complete body is not an idle upload")
        }
    }
}
