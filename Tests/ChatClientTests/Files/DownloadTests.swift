import ChatProtocol
import Testing

@testable import ChatClient

/// A download's requests and the assembly of its pieces, through ``Transfers`` as ``ChatClient`` drives them.
@Suite struct DownloadTests {
    static let body = FileFrames.body(250)

    static func transfers(size: Int = 250) -> Transfers {
        var transfers = Transfers()
        transfers.welcomed(FileFrames.limits, now: .now)
        let download = Download(
            id: "d1",
            room: "lobby",
            seq: 52,
            name: "notes.txt",
            file: FileFrames.file,
            size: size,
            sealedBy: nil,
            chunkBytes: transfers.chunkBytes
        )
        transfers.add(download)
        return transfers
    }

    static func body(of effects: [Transfers.Effect]) -> [UInt8]? {
        effects.lazy.compactMap { if case .downloaded(let body) = $0 { body.body } else { nil } }.first
    }

    @Test func piecesAreAskedForAheadAndAssembledInOrderWhateverOrderTheyCome() {
        let ids = FileFrames.IDs()
        var transfers = Self.transfers()
        let requests = transfers.drain(ids: ids).compactMap(\.download)
        #expect(requests.map(\.offset) == [0, 100, 200], "the whole body asked for, within the window")
        #expect(requests.allSatisfy { $0.file == FileFrames.file.hex })
        _ = transfers.receive(FileFrames.data(requests[1], of: Self.body))
        let progress = transfers.receive(FileFrames.data(requests[0], of: Self.body))
        #expect(
            progress == [
                .report(.progress(TransferProgress(id: "d1", direction: .download, room: "lobby", name: "notes.txt", seq: 52, done: 200, total: 250)))
            ]
        )
        let effects = transfers.receive(FileFrames.data(requests[2], of: Self.body))
        #expect(Self.body(of: effects) == Self.body)
        #expect(transfers.isEmpty)
    }

    @Test func atMostFourRequestsAreUnanswered() {
        let ids = FileFrames.IDs()
        var transfers = Self.transfers(size: 1000)
        let body = FileFrames.body(1000)
        let requests = transfers.drain(ids: ids).compactMap(\.download)
        #expect(requests.map(\.offset) == [0, 100, 200, 300])
        _ = transfers.receive(FileFrames.data(requests[0], of: body))
        #expect(transfers.drain(ids: ids).compactMap(\.download).map(\.offset) == [400])
    }

    @Test func aPieceShorterThanAskedHasWhatFollowsItAskedForAgain() {
        let ids = FileFrames.IDs()
        var transfers = Self.transfers()
        let requests = transfers.drain(ids: ids).compactMap(\.download)
        _ = transfers.receive(FileFrames.data(requests[0], of: Self.body, chunk: 60))
        let gap = transfers.drain(ids: ids).compactMap(\.download)
        #expect(gap.map(\.offset) == [60], "the gap, not beyond the body")
        _ = transfers.receive(FileFrames.data(requests[1], of: Self.body))
        _ = transfers.receive(FileFrames.data(requests[2], of: Self.body))
        let effects = transfers.receive(FileFrames.data(gap[0], of: Self.body))
        #expect(Self.body(of: effects) == Self.body, "pieces that overlap make one body")
    }

    @Test func afterAReconnectTheDownloadGoesOnFromTheBytesItHolds() {
        let ids = FileFrames.IDs()
        var transfers = Self.transfers()
        let requests = transfers.drain(ids: ids).compactMap(\.download)
        _ = transfers.receive(FileFrames.data(requests[0], of: Self.body))
        _ = transfers.receive(FileFrames.data(requests[2], of: Self.body))
        transfers.connectionLost()
        #expect(transfers.drain(ids: ids).isEmpty)
        #expect(transfers.receive(FileFrames.data(requests[1], of: Self.body)).isEmpty, "an answer from the old connection is not one")
        transfers.welcomed(FileFrames.limits, now: .now)
        let again = transfers.drain(ids: ids).compactMap(\.download)
        #expect(again.map(\.offset) == [100, 200])
        _ = transfers.receive(FileFrames.data(again[0], of: Self.body))
        #expect(Self.body(of: transfers.receive(FileFrames.data(again[1], of: Self.body))) == Self.body)
    }

    @Test func aBodyOfAnotherSizeThanTheEventSaidFails() {
        var transfers = Self.transfers()
        let request = transfers.drain(ids: FileFrames.IDs()).compactMap(\.download)[0]
        let effects = transfers.receive(FileFrames.data(request, of: Self.body, size: 251))
        #expect(effects == [.report(.failed(Self.progress(done: 0), reason: "the server holds 251 bytes of notes.txt, not the 250 its event said"))])
    }

    @Test func aCopyThatEndsEarlyFails() {
        var transfers = Self.transfers()
        let requests = transfers.drain(ids: FileFrames.IDs()).compactMap(\.download)
        _ = transfers.receive(FileFrames.data(requests[0], of: Self.body))
        let short = FileData(id: requests[1].id, file: FileFrames.file.hex, size: 250, offset: 100, data: "")
        guard case .report(.failed(_, let reason)) = transfers.receive(.fileData(short)).first else { return #expect(Bool(false)) }
        #expect(reason == "the server's copy of notes.txt ends after 100 of its 250 bytes")
    }

    @Test func fileExpiredFailsTheDownloadAsAnErrorOrAsTheRoomsNews() {
        var transfers = Self.transfers()
        let request = transfers.drain(ids: FileFrames.IDs()).compactMap(\.download)[0]
        let refused = transfers.refused(ErrorMessage(code: .fileExpired, message: "gone", id: request.id))
        let reason = "the server no longer holds notes.txt (it expired, or the server restarted)"
        #expect(refused == [.report(.failed(Self.progress(done: 0), reason: reason))])
        var other = Self.transfers()
        _ = other.drain(ids: FileFrames.IDs())
        #expect(other.receive(.fileExpired(FileExpired(room: "lobby", file: FileFrames.file.hex))) == refused)
    }

    static func progress(done: Int) -> TransferProgress {
        TransferProgress(id: "d1", direction: .download, room: "lobby", name: "notes.txt", seq: 52, done: done, total: 250)
    }
}
