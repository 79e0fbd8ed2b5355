import ChatProtocol

/// What the server's answers mean for the transfers: `upload`, `stored`, `file_data`, `file_expired`,
/// the `error`s refusing their frames, and the `ack` of an upload's `file` event.
extension Transfers {
    /// Whether the frame with `id` is a transfer's `upload`, chunk or `download`, still unanswered (its
    /// `error` is the transfer's to handle; a `file` event's goes through ``ClientState`` first, like a message's).
    func awaits(_ id: String) -> Bool {
        self.items.contains { item in
            switch item {
            case .upload(let upload): upload.awaits(id)
            case .download(let download): download.awaits(id)
            }
        }
    }

    /// A server frame about files: `upload`, `stored`, `file_data`, `file_expired`.
    mutating func receive(_ message: ServerMessage) -> [Effect] {
        switch message {
        case .uploadReady(let answer):
            return self.update(uploadWhere: { $0.isReserving(answer.id) }, by: { $0.ready(answer) })
        case .stored(let stored):
            return self.update(uploadWhere: { $0.file?.hex == stored.file }, by: { $0.stored(stored) })
        case .fileData(let data):
            guard let index = self.items.firstIndex(where: { if case .download(let d) = $0 { d.request(answeredBy: data) != nil } else { false } }),
                case .download(var download) = self.items[index]
            else { return [] }
            let outcome = download.receive(data)
            self.items[index] = .download(download)
            return self.effects(of: outcome, at: index)
        case .fileExpired(let expired):
            var effects: [Effect] = []
            for item in self.items {
                switch item {
                case .upload(let upload) where upload.file?.hex == expired.file:
                    effects += self.end(
                        item.id,
                        with: .failed(upload.progress, reason: "the server dropped the upload before it was shared: send it again")
                    )
                case .download(let download) where download.file.hex == expired.file:
                    effects += self.end(item.id, with: .failed(download.progress, reason: download.expiredReason))
                default:
                    break
                }
            }
            return effects
        default:
            return []
        }
    }

    /// An `error` answering a transfer's frame (see ``awaits(_:)``), or its `file` event's.
    mutating func refused(_ error: ErrorMessage) -> [Effect] {
        guard let id = error.id else { return [] }
        for index in self.items.indices {
            switch self.items[index] {
            case .upload(var upload) where upload.awaits(id) || upload.posts(id):
                let outcome = upload.refused(error)
                self.items[index] = .upload(upload)
                return self.effects(of: outcome, at: index)
            case .download(var download) where download.awaits(id):
                let outcome = download.refused(error)
                self.items[index] = .download(download)
                return self.effects(of: outcome, at: index)
            default:
                continue
            }
        }
        return []
    }

    /// An `ack`: an upload whose `file` event it acknowledges is done.
    mutating func acknowledged(_ ack: Ack) -> [Effect] {
        guard let upload = self.upload(ack.id), upload.posted else { return [] }
        return self.end(ack.id, with: .sent(upload.progress, ack))
    }

    /// Stops a transfer; `nil` if there is none with that id, or it can no longer be stopped (its
    /// `file` event is on its way).
    mutating func cancel(_ id: String) -> TransferEvent? {
        guard let item = self.items.first(where: { $0.id == id }) else { return nil }
        if case .upload(let upload) = item, upload.posted { return nil }
        self.items.removeAll { $0.id == id }
        return .cancelled(item.progress)
    }

    /// Removes a transfer that ended, with the event that tells how (and an upload's `file` event,
    /// if it failed after that was queued).
    private mutating func end(_ id: String, with event: TransferEvent) -> [Effect] {
        let posted = self.upload(id)?.posted == true
        self.items.removeAll { $0.id == id }
        if case .failed = event, posted { return [.withdraw(id), .report(event)] }
        return [.report(event)]
    }

    private mutating func update(uploadWhere matches: (Upload) -> Bool, by change: (inout Upload) -> Upload.Outcome) -> [Effect] {
        guard let index = self.items.firstIndex(where: { if case .upload(let upload) = $0 { matches(upload) } else { false } }),
            case .upload(var upload) = self.items[index]
        else { return [] }
        let outcome = change(&upload)
        self.items[index] = .upload(upload)
        return self.effects(of: outcome, at: index)
    }

    private mutating func effects(of outcome: Upload.Outcome, at index: Int) -> [Effect] {
        guard case .upload(let upload) = self.items[index] else { return [] }
        switch outcome {
        case .unchanged: return []
        case .progressed: return [.report(.progress(upload.progress))]
        case .stored where upload.posted: return [.report(.progress(upload.progress)), .release(upload.id)]
        case .stored:
            guard let shared = upload.shared else { return [] }
            var posting = upload
            posting.markPosted()
            self.items[index] = .upload(posting)
            return [.report(.progress(upload.progress)), .post(shared)]
        case .failed(let reason): return self.end(upload.id, with: .failed(upload.progress, reason: reason))
        }
    }

    private mutating func effects(of outcome: Download.Outcome, at index: Int) -> [Effect] {
        guard case .download(let download) = self.items[index] else { return [] }
        switch outcome {
        case .unchanged: return []
        case .progressed: return [.report(.progress(download.progress))]
        case .failed(let reason): return self.end(download.id, with: .failed(download.progress, reason: reason))
        case .complete:
            self.items.remove(at: index)
            let body = DownloadedBody(progress: download.progress, body: download.held, file: download.file, sealedBy: download.sealedBy)
            return [.report(.progress(download.progress)), .downloaded(body)]
        }
    }
}
