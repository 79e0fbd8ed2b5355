import ChatProtocol
import RelayProtocol
import ZeroMQ

@testable import Relay

/// A test gateway's file transfers, as a real gateway makes them: opens, chunks, reads and `file` events.
extension RelayServiceTests.Peer {
    struct Refused: Error, CustomStringConvertible {
        let error: Envelope
        var description: String { "\(self.error.errorCode): \(self.error.errorMessage)" }
    }

    /// Claims `name` in `rooms` for `connection` and waits for the welcome; returns the replies before it.
    @discardableResult
    func claim(_ name: String, connection: UInt64, rooms: [String] = ["r"]) throws -> [Envelope] {
        let request = ClaimRequest(rooms: rooms.map { .init(name: $0) })
        try self.send(.claim(origin: Origin(gateway: 0, connection: connection), name: name, session: "session-\(name)", request: request))
        var replies: [Envelope] = []
        while true {
            let reply = try self.next(from: self.dealer)
            if reply.kind == .welcome { return replies }
            replies.append(reply)
        }
    }

    /// The next reply on the control socket, which must be of `kind` (an `error` is thrown as ``Refused``).
    func reply(_ kind: EnvelopeKind) throws -> Envelope {
        let reply = try self.next(from: self.dealer)
        if reply.kind == .error && kind != .error { throw Refused(error: reply) }
        guard reply.kind == kind else { throw Refused(error: .error(code: "unexpected", message: "\(reply.kind)", origin: reply.origin)) }
        return reply
    }

    /// The error code the next reply carries (`nil` if it is not an error).
    func errorCode() throws -> String? {
        let reply = try self.next(from: self.dealer)
        return reply.kind == .error ? reply.errorCode : nil
    }

    /// Opens an upload of `size` bytes (or resumes `file`) for `connection`; returns its status.
    func open(size: Int, room: String = "r", connection: UInt64 = 1, resuming file: FileID? = nil, id: String = "u") throws -> Envelope {
        try self.send(
            .fileOpen(origin: Origin(gateway: 0, connection: connection), room: room, size: UInt64(size), resuming: file, clientMessageID: id)
        )
        return try self.reply(.fileStatus)
    }

    /// Sends `bytes` of `file` from `offset` in chunks of `chunk`, each answered before the next.
    func send(_ bytes: ArraySlice<UInt8>, of file: FileID, connection: UInt64 = 1, chunk: Int = 32 * 1024) throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let end = min(bytes.endIndex, offset + chunk)
            try self.send(
                .fileChunk(
                    origin: Origin(gateway: 0, connection: connection),
                    file: file,
                    offset: UInt64(offset),
                    bytes: bytes[offset..<end],
                    clientMessageID: "c\(offset)"
                )
            )
            let status = try self.reply(.fileStatus)
            precondition(
                status.fileProgress?.received == UInt64(end) && status.clientMessageID == "c\(offset)",
                "chunk at \(offset) answered out of order"
            )
            offset = end
        }
    }

    /// Uploads `body` whole for `connection`; returns its file id.
    func upload(_ body: [UInt8], room: String = "r", connection: UInt64 = 1) throws -> FileID {
        let status = try self.open(size: body.count, room: room, connection: connection)
        guard let file = status.fileID else { throw Refused(error: status) }
        try self.send(body[...], of: file, connection: connection)
        return file
    }

    /// Reads `file` whole, range after range, as connection `connection` (0: an HTTP download).
    func download(_ file: FileID, connection: UInt64 = 0) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            try self.send(
                .fileRead(
                    origin: Origin(gateway: 0, connection: connection),
                    file: file,
                    range: FileReadRange(offset: UInt64(body.count), length: .max),
                    clientMessageID: "r\(body.count)"
                )
            )
            guard let data = try self.reply(.fileData).fileData else { throw Refused(error: .error(code: "malformed", message: "", origin: .relay)) }
            guard !data.bytes.isEmpty else { return body }
            body += data.bytes
        }
    }

    /// Sends the `file` event that shares `file` of `size` bytes in `room`, from `connection`.
    func share(_ file: FileID, size: Int, room: String = "r", connection: UInt64 = 1, name: String = "al", id: String) throws {
        let payload = EnvelopeFileReference(file: file, size: UInt64(size)).bytes + Array(#"{"name":"cat.png","type":"image/png"}"#.utf8)
        try self.send(
            Envelope(
                kind: .say,
                flags: .file,
                origin: Origin(gateway: 0, connection: connection),
                room: room,
                sender: name,
                clientMessageID: id,
                payload: payload
            )
        )
    }

    /// The next published envelope of `kind`, skipping others (presence, other messages).
    func nextPublished(_ kind: EnvelopeKind) throws -> Envelope {
        while true {
            let envelope = try self.next()
            if envelope.kind == kind { return envelope }
        }
    }
}

/// A body of `count` bytes that no two offsets of the same value would hide a misplaced chunk in.
func fileBody(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}
