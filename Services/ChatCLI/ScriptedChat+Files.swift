import ChatClient
import ChatProtocol

/// `/send` and `/save` in a script: each waits until its file is shared or saved, so that the lines
/// after it happen after it; what went wrong goes to standard error.
extension ScriptedChat {
    /// `/send PATH`: sent once its `file` event is acknowledged.
    func sendFile(_ path: String) async -> Outcome {
        switch await self.fileCommands.send(path, in: self.room) {
        case .failure(let problem): return Self.notSent("not sent: \(problem)")
        case .success(let id):
            let outcome = await self.client.outcome(of: id)
            if case .sent = outcome { return .sent }
            return Self.unfinished(outcome)
        }
    }

    /// `/save [#N] [PATH]`: the file written (never over another), and where: `[room] saved #N NAME to
    /// PATH`, or a JSON line with `--json`.
    func save(_ ref: UInt64?, to path: String?) async -> Outcome {
        let id: String
        switch await self.fileCommands.save(ref, in: self.room) {
        case .failure(let problem): return Self.notSent("not saved: \(problem)")
        case .success((_, let started)): id = started
        }
        let outcome = await self.client.outcome(of: id)
        guard case .received(let transfer, let bytes) = outcome else { return Self.unfinished(outcome) }
        do throws(SavedFile.Problem) {
            let written = try SavedFile.save(bytes, to: SavedFile.destination(for: transfer.name, path: path))
            let seq = transfer.seq.map { " #\($0)" } ?? ""
            let line =
                self.json
                ? MessageFormatter.savedJSON(transfer, path: written, size: bytes.count)
                : "[\(transfer.room)] saved\(seq) \(transfer.name) to \(written)"
            writeOut(line + "\n")
            return .sent
        } catch {
            return Self.notSent(MessageFormatter.transferEnd(transfer, error.description))
        }
    }

    /// A transfer that did not bring its file: why, on standard error.
    private static func unfinished(_ outcome: TransferEvent?) -> Outcome {
        switch outcome {
        case .failed(let transfer, let reason): Self.notSent(MessageFormatter.transferEnd(transfer, reason))
        case .cancelled(let transfer): Self.notSent(MessageFormatter.transferEnd(transfer, "cancelled"))
        case .progress, .sent, .received, nil: Self.notSent("the client stopped before the file was done")
        }
    }
}
