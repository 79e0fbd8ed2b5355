extension Envelope {
    /// The envelope in its wire layout (see ``EnvelopeLayout``).
    public func encoded() -> [UInt8] {
        let room = Array(self.room.utf8)
        let sender = Array(self.sender.utf8)
        let target = Array(self.target.utf8)
        let clientMessageID = Array(self.clientMessageID.utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(
            EnvelopeLayout.headerSize + room.count + sender.count + target.count + clientMessageID.count + self.payload.count
        )
        bytes.append(EnvelopeLayout.version)
        bytes.append(self.kind.rawValue)
        bytes.appendLittleEndian(self.flags.rawValue)
        bytes.appendLittleEndian(UInt16(clamping: room.count))
        bytes.appendLittleEndian(UInt16(clamping: sender.count))
        bytes.appendLittleEndian(UInt16(clamping: target.count))
        bytes.appendLittleEndian(UInt16(clamping: clientMessageID.count))
        bytes.appendLittleEndian(UInt32(clamping: self.payload.count))
        for field in [self.epoch, self.sequence, self.roomSequence, self.timestamp, self.origin.gateway, self.origin.connection, self.trace] {
            bytes.appendLittleEndian(field)
        }
        bytes += room
        bytes += sender
        bytes += target
        bytes += clientMessageID
        bytes += self.payload
        return bytes
    }

    /// Decodes and validates an envelope; text fields must be valid UTF-8.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EnvelopeError) {
        let header = try EnvelopeHeader(validating: bytes)
        func text(_ range: Range<Int>) throws(EnvelopeError) -> String {
            guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
                throw EnvelopeError(.invalidUTF8, "a text field is not valid UTF-8")
            }
            return text
        }
        self.init(
            kind: header.kind,
            flags: header.flags,
            epoch: header.epoch,
            sequence: header.sequence,
            roomSequence: header.roomSequence,
            timestamp: header.timestamp,
            origin: header.origin,
            trace: header.trace,
            room: try text(header.roomRange),
            sender: try text(header.senderRange),
            target: try text(header.targetRange),
            clientMessageID: try text(header.clientMessageIDRange),
            payload: Array(bytes[header.payloadRange])
        )
    }

    /// Decodes and validates an envelope from an array.
    public init(decoding bytes: [UInt8]) throws(EnvelopeError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(EnvelopeError) -> Envelope in try Envelope(decoding: buffer) }
        }
        self = try result.get()
    }
}
