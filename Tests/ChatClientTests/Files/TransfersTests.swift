import ChatProtocol
import Testing

@testable import ChatClient

/// What the transfers send together: the pace of bytes, and turns between them.
@Suite struct TransfersTests {
    static func upload(_ id: String, bytes: Int = 1000) -> Upload {
        Upload(id: id, room: "lobby", file: OutgoingFile(name: "\(id).bin", bytes: FileFrames.body(bytes)), sealing: nil)
    }

    @Test func chunksAndDownloadsArePacedToTheFileRateButAnUploadIsNot() {
        var limits = FileFrames.limits
        limits.fileRate = 200  // two 100-byte chunks a second
        let start = ContinuousClock.now
        var transfers = Transfers()
        transfers.add(Self.upload("f1"))
        transfers.welcomed(limits, now: start)
        let ids = FileFrames.IDs()
        guard case .request(.upload(let request)) = transfers.next(now: start, makeID: ids.next) else { return #expect(Bool(false)) }
        _ = transfers.receive(FileFrames.ready(request))
        guard case .data(.chunk) = transfers.next(now: start, makeID: ids.next) else { return #expect(Bool(false)) }
        guard case .wait(let due) = transfers.next(now: start, makeID: ids.next) else { return #expect(Bool(false), "the next chunk waits") }
        #expect(due - start > .milliseconds(400) && due - start <= .milliseconds(501))
        guard case .data(.chunk(let second)) = transfers.next(now: due, makeID: ids.next) else { return #expect(Bool(false)) }
        #expect(second.offset == 100)
    }

    @Test func aChunkWaitsForItsOwnBytesOnlyAndADownloadForAWholeChunk() {
        var limits = FileFrames.limits
        limits.fileRate = 200
        let start = ContinuousClock.now
        var transfers = Transfers()
        transfers.add(Self.upload("f1", bytes: 150))
        transfers.welcomed(limits, now: start)
        let ids = FileFrames.IDs()
        guard case .request(.upload(let request)) = transfers.next(now: start, makeID: ids.next) else { return #expect(Bool(false)) }
        _ = transfers.receive(FileFrames.ready(request))
        _ = transfers.next(now: start, makeID: ids.next)
        guard case .wait(let due) = transfers.next(now: start, makeID: ids.next) else { return #expect(Bool(false)) }
        #expect(due - start > .milliseconds(200) && due - start <= .milliseconds(251), "50 bytes at 200 a second")
        transfers.add(Download(id: "d1", room: "lobby", seq: 7, name: "x", file: FileID.random(), size: 1000, sealedBy: nil, chunkBytes: 100))
        guard case .data(.chunk) = transfers.next(now: due, makeID: ids.next) else { return #expect(Bool(false)) }
        guard case .wait(let next) = transfers.next(now: due, makeID: ids.next) else { return #expect(Bool(false)) }
        #expect(next - due > .milliseconds(450) && next - due <= .milliseconds(501), "a download asks for a whole chunk")
    }

    @Test func withoutAFileRateTheWindowAloneHoldsChunksBack() {
        var transfers = Transfers()
        transfers.add(Self.upload("f1"))
        transfers.welcomed(FileFrames.limits, now: .now)
        let ids = FileFrames.IDs()
        let request = transfers.drain(ids: ids)[0].upload!
        _ = transfers.receive(FileFrames.ready(request))
        #expect(transfers.drain(ids: ids).count == Transfers.window)
    }

    @Test func transfersTakeTurns() {
        var transfers = Transfers()
        transfers.add(Self.upload("f1"))
        transfers.add(Download(id: "d1", room: "lobby", seq: 7, name: "x", file: FileID.random(), size: 1000, sealedBy: nil, chunkBytes: 100))
        transfers.welcomed(FileFrames.limits, now: .now)
        let ids = FileFrames.IDs()
        let request = transfers.next(now: .now, makeID: ids.next)
        guard case .request(.upload(let upload)) = request else { return #expect(Bool(false)) }
        _ = transfers.receive(FileFrames.ready(upload))
        let kinds = transfers.drain(ids: ids).map(\.type)
        #expect(kinds == ["chunk", "download", "chunk", "download", "chunk", "download", "chunk", "download"])
    }

    @Test func anErrorIsATransfersOnlyWhileItsFrameIsUnanswered() {
        var transfers = Transfers()
        transfers.add(Self.upload("f1"))
        transfers.welcomed(FileFrames.limits, now: .now)
        let request = transfers.drain(ids: FileFrames.IDs())[0].upload!
        #expect(transfers.awaits(request.id!))
        #expect(!transfers.awaits("f1"), "the file event's errors go through the client state, like a message's")
        _ = transfers.receive(FileFrames.ready(request))
        #expect(!transfers.awaits(request.id!))
    }
}
