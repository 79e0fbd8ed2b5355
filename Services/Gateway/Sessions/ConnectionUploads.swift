import ChatProtocol

/// The uploads the relay told one connection about, for what only the gateway can know: whether a
/// `fileStatus` answers an `upload` or a `chunk` (the relay answers both alike), and the size of the
/// body a `file` frame shares (the relay admits a file reference only with the size it stores).
///
/// The rule: a body's first status on this connection answers its `upload`, since a new body has a new
/// id; so does the next one after ``resume(_:)``, for an `upload` that goes on with a body seen here
/// before. Every other status answers a `chunk`. Bounded: past ``capacity`` bodies, the oldest are forgotten
/// (a `file` frame for one is refused until the client sends its `upload` again).
struct ConnectionUploads {
    enum Answer: Equatable {
        case upload
        case chunk
    }

    static let capacity = 256

    private var sizes: [FileID: UInt64] = [:]
    /// The bodies of ``sizes``, oldest first.
    private var order: [FileID] = []
    /// Bodies whose `upload` was sent again and not yet answered.
    private var resuming: [FileID] = []

    /// An `upload` that resumes `file` is on its way to the relay.
    mutating func resume(_ file: FileID) {
        guard !self.resuming.contains(file) else { return }
        self.resuming.append(file)
        if self.resuming.count > Self.capacity { self.resuming.removeFirst() }
    }

    /// The relay says `file` has `size` bytes: what the status answers.
    mutating func status(of file: FileID, size: UInt64) -> Answer {
        let resumed = self.resuming.firstIndex(of: file).map { self.resuming.remove(at: $0) } != nil
        guard self.sizes.updateValue(size, forKey: file) != nil else {
            self.order.append(file)
            if self.order.count > Self.capacity { self.sizes[self.order.removeFirst()] = nil }
            return .upload
        }
        return resumed ? .upload : .chunk
    }

    /// The size of `file` as the relay told this connection; `nil` if it did not.
    func size(of file: FileID) -> UInt64? {
        self.sizes[file]
    }
}
