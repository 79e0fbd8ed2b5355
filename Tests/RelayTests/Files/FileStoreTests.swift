import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// The file store's rules (docs/PROTOCOL.md, "Files"): limits and the order bodies are dropped in,
/// resumes, chunk offsets, reads, idle uploads and sharing once.
@Suite struct FileStoreTests {
    static let start = ContinuousClock.now
    static let limits = ChatLimits(fileBytes: 100, fileBytesPerPerson: 150, fileStoreBytes: 250)

    var store = FileStore(limits: Self.limits, idleTimeout: .seconds(120))

    /// Opens a body of `size` bytes for `owner` in `room`, and fills it unless `complete` is false.
    @discardableResult
    mutating func upload(_ owner: String, size: Int, room: String = "lobby", complete: Bool = true) throws -> (id: FileID, dropped: [FileID]) {
        let id = FileID.random()
        let dropped = try self.store.open(id, room: room, owner: owner, size: UInt64(size), now: Self.start)
        if complete { _ = try self.store.append(id, offset: 0, bytes: Self.body(size), owner: owner, now: Self.start) }
        return (id, dropped.map(\.id))
    }

    static func body(_ size: Int, from offset: Int = 0) -> [UInt8] { (offset..<offset + size).map { UInt8(truncatingIfNeeded: $0 * 7) } }

    static func code<T>(_ body: () throws(FileRefusal) -> T) -> ErrorCode? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test mutating func aBodyOverTheLimitIsTooLargeBeforeAnythingIsReservedOrDropped() throws {
        let (held, _) = try self.upload("name:al", size: 100)
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.open(FileID.random(), room: "lobby", owner: "name:al", size: 101, now: Self.start) }
                == .tooLarge
        )
        #expect(self.store.holds(held) && self.store.reservedBytes == 100)
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.open(FileID.random(), room: "lobby", owner: "name:al", size: 0, now: Self.start) }
                == .badRequest
        )
    }

    @Test func aBodyOverThePerPersonLimitIsTooLargeEvenUnderTheBodyLimit() {
        var store = FileStore(limits: ChatLimits(fileBytes: 100, fileBytesPerPerson: 50, fileStoreBytes: 250), idleTimeout: .seconds(1))
        #expect(
            Self.code { () throws(FileRefusal) in try store.open(FileID.random(), room: "lobby", owner: "name:al", size: 60, now: Self.start) }
                == .tooLarge
        )
        #expect(store.reservedBytes == 0)
    }

    @Test mutating func anOpenReservesItsSizeAtOnceAndOverThePersonsLimitDropsTheirOwnOldestFirst() throws {
        let first = try self.upload("name:al", size: 60, complete: false).id
        let second = try self.upload("name:al", size: 60).id
        let others = try self.upload("name:bo", size: 60).id
        #expect(self.store.reservedBytes == 180, "reserved whether chunks came or not")
        let (third, dropped) = try self.upload("name:al", size: 60)
        #expect(dropped == [first], "al's oldest, not bo's, although bo's is older than al's second")
        #expect(self.store.holds(second) && self.store.holds(third) && self.store.holds(others))
        #expect(self.store.reservedBytes == 180)
    }

    @Test mutating func overTheStoresLimitTheOldestOfAnyoneGoesFirst() throws {
        let al = try self.upload("name:al", size: 90).id
        let bo = try self.upload("name:bo", size: 90).id
        let (cy, dropped) = try self.upload("name:cy", size: 90)
        #expect(dropped == [al])
        let (dee, droppedAgain) = try self.upload("name:dee", size: 90)
        #expect(droppedAgain == [bo])
        #expect(self.store.holds(cy) && self.store.holds(dee) && self.store.reservedBytes == 180)
    }

    @Test mutating func chunksGoOnFromTheBytesReceivedAndNothingChangesOnABadOne() throws {
        let id = FileID.random()
        _ = try self.store.open(id, room: "lobby", owner: "name:al", size: 10, now: Self.start)
        #expect(try self.store.append(id, offset: 0, bytes: Self.body(4), owner: "name:al", now: Self.start) == FileProgress(size: 10, received: 4))
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 0, bytes: Self.body(4), owner: "name:al", now: Self.start) }
                == .badRequest
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 6, bytes: Self.body(4), owner: "name:al", now: Self.start) }
                == .badRequest
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 4, bytes: Self.body(7), owner: "name:al", now: Self.start) }
                == .badRequest,
            "past the size"
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 4, bytes: [], owner: "name:al", now: Self.start) } == .badRequest
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 4, bytes: Self.body(6), owner: "name:bo", now: Self.start) }
                == .notYours
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(FileID.random(), offset: 0, bytes: [1], owner: "name:al", now: Self.start) }
                == .fileExpired
        )
        #expect(self.store.files[id]?.received == 4 && self.store.receivedBytes == 4)
        #expect(
            try self.store.append(id, offset: 4, bytes: Self.body(6, from: 4), owner: "name:al", now: Self.start)
                == FileProgress(size: 10, received: 10)
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.append(id, offset: 10, bytes: [1], owner: "name:al", now: Self.start) }
                == .badRequest,
            "complete"
        )
        #expect(try self.store.read(id, range: FileReadRange(offset: 0, length: 100)).bytes.elementsEqual(Self.body(10)))
    }

    @Test mutating func aResumeIsTheOwnersForTheSameRoomAndSize() throws {
        let id = try self.upload("name:al", size: 10, complete: false).id
        _ = try self.store.append(id, offset: 0, bytes: Self.body(3), owner: "name:al", now: Self.start)
        #expect(try self.store.resume(id, owner: "name:al", room: "lobby", size: 10, now: Self.start) == FileProgress(size: 10, received: 3))
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.resume(id, owner: "name:bo", room: "lobby", size: 10, now: Self.start) } == .notYours
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.resume(id, owner: "name:al", room: "elsewhere", size: 10, now: Self.start) }
                == .notYours
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.resume(id, owner: "name:al", room: "lobby", size: 11, now: Self.start) }
                == .badRequest
        )
        #expect(
            Self.code { () throws(FileRefusal) in try self.store.resume(FileID.random(), owner: "name:al", room: "lobby", size: 10, now: Self.start) }
                == .fileExpired
        )
    }

    @Test func readsServeCompleteBodiesInRangesOfAtMostTheMaximum() throws {
        var store = FileStore(limits: ChatLimits(), idleTimeout: .seconds(120))
        let id = FileID.random()
        let size = FileReadRange.maximumLength + 10
        _ = try store.open(id, room: "lobby", owner: "name:al", size: UInt64(size), now: Self.start)
        _ = try store.append(id, offset: 0, bytes: Self.body(size - 1), owner: "name:al", now: Self.start)
        #expect(
            Self.code { () throws(FileRefusal) in try store.read(id, range: FileReadRange(offset: 0, length: 10)) } == .badRequest,
            "not complete yet"
        )
        _ = try store.append(id, offset: UInt64(size - 1), bytes: [9], owner: "name:al", now: Self.start)
        let first = try store.read(id, range: FileReadRange(offset: 0, length: .max))
        #expect(first.size == UInt64(size) && first.bytes.count == FileReadRange.maximumLength)
        let rest = try store.read(id, range: FileReadRange(offset: UInt64(FileReadRange.maximumLength), length: 100))
        #expect(rest.bytes.count == 10 && rest.bytes.last == 9)
        #expect(try store.read(id, range: FileReadRange(offset: UInt64(size), length: 100)).bytes.isEmpty, "the end")
        #expect(Self.code { () throws(FileRefusal) in try store.read(id, range: FileReadRange(offset: UInt64(size) + 1, length: 1)) } == .badRequest)
        #expect(Self.code { () throws(FileRefusal) in try store.read(FileID.random(), range: FileReadRange(offset: 0, length: 1)) } == .fileExpired)
    }

    @Test mutating func anUploadWithoutAChunkForTheIdleTimeIsDroppedAndACompleteOneIsNot() throws {
        let idle = try self.upload("name:al", size: 10, complete: false).id
        let busy = try self.upload("name:al", size: 10, complete: false).id
        let complete = try self.upload("name:bo", size: 10).id
        _ = try self.store.append(busy, offset: 0, bytes: [1], owner: "name:al", now: Self.start + .seconds(100))
        #expect(self.store.dropIdle(now: Self.start + .seconds(119)).isEmpty)
        #expect(self.store.dropIdle(now: Self.start + .seconds(121)).map(\.id) == [idle])
        #expect(self.store.holds(busy) && self.store.holds(complete))
        #expect(self.store.dropIdle(now: Self.start + .seconds(1000)).map(\.id) == [busy])
        #expect(self.store.holds(complete) && self.store.reservedBytes == 10)
    }

    @Test mutating func aBodyIsSharedOnceCompleteByItsOwnerInItsRoomWithItsSize() throws {
        let partial = try self.upload("name:al", size: 10, complete: false).id
        let id = try self.upload("name:al", size: 10).id
        let reference = EnvelopeFileReference(file: id, size: 10)
        #expect(self.store.refusal(toPost: EnvelopeFileReference(file: partial, size: 10), by: "name:al", in: "lobby")?.code == .badRequest)
        #expect(self.store.refusal(toPost: reference, by: "name:bo", in: "lobby")?.code == .notYours)
        #expect(self.store.refusal(toPost: reference, by: "name:al", in: "elsewhere")?.code == .notYours)
        #expect(self.store.refusal(toPost: EnvelopeFileReference(file: id, size: 11), by: "name:al", in: "lobby")?.code == .badRequest)
        #expect(self.store.refusal(toPost: EnvelopeFileReference(file: FileID.random(), size: 10), by: "name:al", in: "lobby")?.code == .fileExpired)
        #expect(self.store.refusal(toPost: reference, by: "name:al", in: "lobby") == nil)
        self.store.markPosted(id, in: "lobby", at: 7)
        #expect(self.store.refusal(toPost: reference, by: "name:al", in: "lobby")?.code == .badRequest, "shared already")
        #expect(self.store.file(postedIn: "lobby", at: 7) == id)
        #expect(self.store.drop(id)?.post == FilePost(room: "lobby", roomSequence: 7))
        #expect(self.store.file(postedIn: "lobby", at: 7) == nil)
    }

    @Test mutating func dropsFreeWhatTheyReservedForTheOwnerAndTheStore() throws {
        let first = try self.upload("name:al", size: 100).id
        self.store.drop(first)
        let (_, dropped) = try self.upload("name:al", size: 100)
        #expect(dropped.isEmpty, "al's 100 bytes were freed")
        #expect(self.store.reservedBytes == 100 && self.store.receivedBytes == 100 && self.store.idsOldestFirst.count == 1)
    }
}
