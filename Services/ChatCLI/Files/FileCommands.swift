import ChatClient
import ChatProtocol

/// The file commands (`/send`, `/save`, `/cancel`), done the same way in a terminal and in a script:
/// each finds what is meant, starts or stops the transfer, and says what went wrong, if anything.
/// How transfers go is told by ``ChatEvent/transfer(_:)`` events.
struct FileCommands: Sendable {
    let client: ChatClient
    /// Whether to wait for every transfer's end (``ChatClient/outcome(of:)``), and before finding a
    /// message until everything sent is acknowledged (scripts: a line may save the file of the line before).
    let settles: Bool

    /// `/send PATH`: the upload's id, once it is on its way.
    func send(_ path: String, in room: String) async -> Result<String, FileProblem> {
        // The welcome says how large a file the server takes.
        if self.settles { await self.client.waitUntilWelcomed() }
        do throws(FileProblem) {
            return .success(try await self.client.sendFile(at: LocalPath.expanded(path), in: room, keepsOutcome: self.settles))
        } catch {
            return .failure(error)
        }
    }

    /// `/save [#N]`: the file's message (#N, or the last file shared in `room`), and the download's id.
    func save(_ ref: UInt64?, in room: String) async -> Result<(ConversationMessage, String), FileProblem> {
        if self.settles {
            await self.client.waitUntilWelcomed()
            await self.client.waitUntilIdle()
        }
        let conversation = await self.client.conversation(of: room)
        let found = ref.map { conversation?.message(at: $0) } ?? conversation?.latest { $0.file != nil }
        guard let message = found else {
            return .failure(FileProblem(ref.map { "no message #\($0) in \(room) here" } ?? "no file was shared in \(room) yet"))
        }
        do throws(FileProblem) {
            return .success((message, try await self.client.download(message, keepsOutcome: self.settles)))
        } catch {
            return .failure(error)
        }
    }

    /// `/cancel`: stops every transfer that can still be stopped; returns how many did.
    func cancel() async -> Int {
        var stopped = 0
        for transfer in await self.client.transfersInProgress where await self.client.cancelTransfer(transfer.id) { stopped += 1 }
        return stopped
    }
}
