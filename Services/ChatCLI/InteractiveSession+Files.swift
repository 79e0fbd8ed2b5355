import ChatClient
import ChatProtocol

/// The file commands in a terminal, and how transfers show: a status line above the input that
/// moves with each piece, then the file's line (sent) or where it was saved.
extension InteractiveSession {
    /// Acts on `/send`, `/save` and `/cancel`.
    mutating func submitFile(_ command: UserCommand) async {
        switch command {
        case .sendFile(let path):
            if case .failure(let problem) = await self.fileCommands.send(path, in: self.room) {
                self.print([self.formatter.problem("not sent: \(problem)")])
            }
        case .save(let ref, let path):
            switch await self.fileCommands.save(ref, in: self.room) {
            case .success((_, let id)): self.saves[id] = .some(path)
            case .failure(let problem): self.print([self.formatter.problem("not saved: \(problem)")])
            }
        case .cancel:
            if await self.fileCommands.cancel() == 0 {
                self.print([self.formatter.problem("no file is being sent or saved (one whose upload is done is shared anyway)")])
            }
        default: return
        }
    }

    /// Shows how a transfer goes: its progress in the status line, and its end above.
    mutating func show(_ event: TransferEvent) {
        let transfer = event.progress
        guard event.isFinal else {
            if let index = self.transfers.firstIndex(where: { $0.id == transfer.id }) {
                self.transfers[index] = transfer
            } else {
                self.transfers.append(transfer)
            }
            return self.draw()
        }
        self.transfers.removeAll { $0.id == transfer.id }
        let destination = self.saves.removeValue(forKey: transfer.id) ?? nil
        switch event {
        case .progress: return
        case .sent(_, let ack): self.print([self.formatter.ownFileLine(transfer, ack: ack)])
        case .received(_, let bytes): self.print([self.saved(bytes, of: transfer, to: destination)])
        case .failed(_, let reason): self.print([self.formatter.problem(MessageFormatter.transferEnd(transfer, reason))])
        case .cancelled: self.print([self.formatter.notice(MessageFormatter.transferEnd(transfer, "cancelled"))])
        }
    }

    /// Writes a downloaded file where `/save` said, never over another; the line telling where it went.
    private func saved(_ bytes: [UInt8], of transfer: TransferProgress, to path: String?) -> String {
        do throws(SavedFile.Problem) {
            let written = try SavedFile.save(bytes, to: SavedFile.destination(for: transfer.name, path: path))
            return self.formatter.notice("saved \(MessageFormatter.sanitized(transfer.name)) (\(FileSize.text(bytes.count))) to \(written)")
        } catch {
            return self.formatter.problem(MessageFormatter.transferEnd(transfer, error.description))
        }
    }
}
