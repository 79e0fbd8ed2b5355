import ChatProtocol
import Testing

@testable import ChatClient

/// An upload's frames and answers, through ``Transfers`` as ``ChatClient`` drives them (docs/PROTOCOL.md, "Files").
@Suite struct UploadTests {
    static let body = FileFrames.body(1000)

    /// Transfers holding one upload of ``body``, welcomed, with its `upload` sent and answered at `offset`.
    static func started(offset: Int = 0, ids: FileFrames.IDs) -> (Transfers, UploadRequest) {
        var transfers = Transfers()
        transfers.add(Upload(id: "f1", room: "Lobby", file: OutgoingFile(name: "notes.txt", bytes: Self.body), sealing: nil))
        transfers.welcomed(FileFrames.limits, now: .now)
        let request = transfers.drain(ids: ids).first!.upload!
        _ = transfers.receive(FileFrames.ready(request, offset: offset))
        return (transfers, request)
    }

    @Test func nothingGoesBeforeTheWelcomeThenTheUploadAsksForRoomForTheWholeBody() {
        var transfers = Transfers()
        transfers.add(Upload(id: "f1", room: "Lobby", file: OutgoingFile(name: "notes.txt", bytes: Self.body), sealing: nil))
        let ids = FileFrames.IDs()
        #expect(transfers.drain(ids: ids).isEmpty, "not welcomed yet")
        transfers.welcomed(FileFrames.limits, now: .now)
        let frames = transfers.drain(ids: ids)
        #expect(frames == [.upload(UploadRequest(id: "t1", room: "lobby", size: 1000))], "once, in the room as the server spells it")
    }

    @Test func chunksGoFromTheAnsweredOffsetAtMostFourUnansweredEachAfterTheLast() throws {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(offset: 200, ids: ids)
        let first = transfers.drain(ids: ids).compactMap(\.chunk)
        #expect(first.map(\.offset) == [200, 300, 400, 500], "four, then the window is full")
        #expect(first.allSatisfy { $0.file == FileFrames.file.hex && FileFrames.bytes(of: $0) == Array(Self.body[$0.offset..<$0.offset + 100]) })
        let progress = transfers.receive(FileFrames.stored(300))
        #expect(
            progress == [.report(.progress(TransferProgress(id: "f1", direction: .upload, room: "lobby", name: "notes.txt", done: 300, total: 1000)))]
        )
        #expect(transfers.drain(ids: ids).compactMap(\.chunk).map(\.offset) == [600], "one answered, one more")
        _ = transfers.receive(FileFrames.stored(500))
        #expect(transfers.drain(ids: ids).compactMap(\.chunk).map(\.offset) == [700, 800])
    }

    @Test func theWholeBodyStoredSharesItsFileEventAndItsAckEndsTheUpload() {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(offset: 600, ids: ids)
        #expect(transfers.drain(ids: ids).count == 4)
        let effects = transfers.receive(FileFrames.stored(1000))
        let metadata = FileMetadata(name: "notes.txt", type: "text/plain").text
        #expect(effects.last == .post(SharedFile(id: "f1", room: "lobby", file: FileFrames.file.hex, text: metadata)))
        #expect(transfers.cancel("f1") == nil, "too late: it is being shared")
        let ack = Ack(id: "f1", room: "lobby", seq: 9, time: 1)
        guard case .report(.sent(let sent, ack)) = transfers.acknowledged(ack).first else { return #expect(Bool(false)) }
        #expect(sent.done == 1000 && transfers.isEmpty)
    }

    @Test func afterAReconnectTheUploadAsksAgainWithItsFileAndGoesOnFromTheOffsetItGets() {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(ids: ids)
        _ = transfers.drain(ids: ids)
        _ = transfers.receive(FileFrames.stored(200))
        transfers.connectionLost()
        #expect(transfers.drain(ids: ids).isEmpty, "nothing while disconnected")
        transfers.welcomed(FileFrames.limits, now: .now)
        let resume = transfers.drain(ids: ids)
        #expect(resume.map(\.upload?.file) == [FileFrames.file.hex], "an upload naming the file, and nothing else until its answer")
        #expect(resume.first?.upload?.size == 1000)
        _ = transfers.receive(FileFrames.ready(resume[0].upload!, offset: 300))
        #expect(transfers.drain(ids: ids).compactMap(\.chunk).map(\.offset) == [300, 400, 500, 600], "from the relay's offset, not its own")
    }

    @Test func fileExpiredAnsweringTheResumeFailsTheUploadSayingWhy() {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(ids: ids)
        _ = transfers.drain(ids: ids)
        transfers.connectionLost()
        transfers.welcomed(FileFrames.limits, now: .now)
        let resume = transfers.drain(ids: ids)[0].upload!
        #expect(transfers.awaits(resume.id!))
        let effects = transfers.refused(ErrorMessage(code: .fileExpired, message: "the relay no longer holds this file", id: resume.id))
        guard case .report(.failed(_, let reason)) = effects.first else { return #expect(Bool(false)) }
        #expect(reason == "the server no longer holds the upload (it restarted): send it again")
        #expect(transfers.isEmpty)
    }

    @Test func aRefusedChunkAsksWhereTheUploadStandsAndTheChunksAfterItAreIgnored() {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(ids: ids)
        let chunks = transfers.drain(ids: ids).compactMap(\.chunk)
        _ = transfers.receive(FileFrames.stored(100))
        #expect(transfers.refused(ErrorMessage(code: .badRequest, message: "offset", id: chunks[1].id)).isEmpty)
        #expect(transfers.refused(ErrorMessage(code: .badRequest, message: "offset", id: chunks[2].id)).isEmpty, "not the upload's any more")
        let resync = transfers.drain(ids: ids)
        #expect(resync.count == 1 && resync[0].upload?.file == FileFrames.file.hex)
    }

    @Test func aCancelledUploadSendsNothingMore() {
        let ids = FileFrames.IDs()
        var (transfers, _) = Self.started(ids: ids)
        _ = transfers.drain(ids: ids)
        guard case .cancelled(let cancelled) = transfers.cancel("f1") else { return #expect(Bool(false)) }
        #expect(cancelled.name == "notes.txt" && transfers.isEmpty)
        _ = transfers.receive(FileFrames.stored(400))
        #expect(transfers.drain(ids: ids).isEmpty)
    }

    @Test func anUploadRefusedAsTooLargeFails() {
        var transfers = Transfers()
        transfers.add(Upload(id: "f1", room: "lobby", file: OutgoingFile(name: "big.bin", bytes: Self.body), sealing: nil))
        transfers.welcomed(FileFrames.limits, now: .now)
        let request = transfers.drain(ids: FileFrames.IDs())[0].upload!
        let effects = transfers.refused(ErrorMessage(code: .tooLarge, message: "you hold too many files", id: request.id))
        #expect(effects.map { if case .report(.failed(_, let reason)) = $0 { reason } else { "" } } == ["you hold too many files"])
    }
}
