// The fuzz target (scripts/fuzz.sh) compiles this module and ChatProtocol as one.
#if canImport(ChatProtocol)
public import ChatProtocol
#endif

/// The client frames a relay envelope becomes, written in one place for the gateway's live delivery and
/// the relay's snapshots alike: the text goes from the envelope's bytes into the JSON without becoming
/// a String.
extension Envelope {
    /// A published `message` as the `message`, `action`, `share`, conversation event or `file` frame of
    /// protocol v1; a snapshot marks a file whose body the store no longer holds as `expired`.
    public func writeRoomMessage(into writer: inout JSONWriter, fileExpired: Bool = false) {
        let reference = self.reference
        var file = self.fileReference?.facts
        if fileExpired { file?.expired = true }
        ChatMessage.write(
            into: &writer,
            kind: file != nil ? .file : reference?.kind ?? (self.flags.contains(.share) ? .share : self.flags.contains(.action) ? .action : .message),
            room: self.room,
            seq: self.roomSequence,
            from: self.sender,
            text: self.text,
            time: self.timestamp,
            id: self.clientVisibleID,
            stamp: self.signatureStamp,
            reference: reference?.messageReference,
            file: file
        )
    }

    /// A `direct` as the `dm` frame of protocol v1, for its addressee.
    public func writeDirectMessage(into writer: inout JSONWriter) {
        DirectMessage.write(
            into: &writer,
            from: self.sender,
            to: self.addressee ?? "",
            text: self.text,
            time: self.timestamp,
            id: self.clientMessageID,
            stamp: self.signatureStamp
        )
    }
}
