// The fuzz target (scripts/fuzz.sh) compiles this module and ChatProtocol as one.
#if canImport(ChatProtocol)
public import ChatProtocol
#endif

/// The payload of a signed `say`, `message` or `direct`: the sender's identity key (32 bytes) and
/// signature (64 bytes), then the text. The relay checks the key against the one the connection proved
/// and passes the rest on untouched; only clients verify the signature.
public enum SignedPayload {
    public static let keyBytes = 32
    public static let signatureBytes = 64
    public static let prefixBytes = keyBytes + signatureBytes
    /// A sealing key (X25519, 32 bytes) and the identity key's signature of it (64).
    public static let boxBytes = 32 + signatureBytes

    public static func make(key: [UInt8], signature: [UInt8], text: some Collection<UInt8>) -> [UInt8] {
        precondition(key.count == Self.keyBytes && signature.count == Self.signatureBytes)
        var payload = key + signature
        payload.reserveCapacity(Self.prefixBytes + text.count)
        payload += text
        return payload
    }

    /// The payload of a signed reply, edit, delete or reaction: key, signature, the reference, then the text.
    public static func make(key: [UInt8], signature: [UInt8], reference: EnvelopeReference?, text: some Collection<UInt8>) -> [UInt8] {
        guard let reference else { return Self.make(key: key, signature: signature, text: text) }
        let referenceBytes = reference.bytes
        var payload = key + signature
        payload.reserveCapacity(Self.prefixBytes + referenceBytes.count + text.count)
        payload += referenceBytes
        payload += text
        return payload
    }
}

extension Envelope {
    /// `say`, `message`, `direct`: whether the payload holds a whole key and signature before the text.
    var isWhollySigned: Bool { self.flags.contains(.signed) && self.payload.count >= SignedPayload.prefixBytes }

    /// `say`, `message`, `direct`: the text, after the key and signature when signed, and after the
    /// reference when flagged `refers` or `file` (empty if that reference is malformed: the relay refuses those).
    public var text: ArraySlice<UInt8> {
        let start = self.isWhollySigned ? SignedPayload.prefixBytes : 0
        if self.flags.contains(.file) {
            guard self.payload.count >= start + EnvelopeFileReference.byteCount else { return self.payload[self.payload.endIndex...] }
            return self.payload[(start + EnvelopeFileReference.byteCount)...]
        }
        guard self.flags.contains(.refers) else { return self.payload[start...] }
        guard let (_, length) = EnvelopeReference.read(from: self.payload[start...]) else { return self.payload[self.payload.endIndex...] }
        return self.payload[(start + length)...]
    }

    /// `say`, `message` flagged `refers`: the message it is about; `nil` otherwise, or if malformed.
    public var reference: EnvelopeReference? {
        guard self.flags.contains(.refers) else { return nil }
        return EnvelopeReference.read(from: self.payload[(self.isWhollySigned ? SignedPayload.prefixBytes : 0)...])?.reference
    }

    /// `say`, `message` flagged `file`: the body it shares; `nil` otherwise, or if malformed.
    public var fileReference: EnvelopeFileReference? {
        guard self.flags.contains(.file) else { return nil }
        return EnvelopeFileReference.read(from: self.payload[(self.isWhollySigned ? SignedPayload.prefixBytes : 0)...])
    }

    /// `say`, `message`, `direct`: the sender's identity key; `presence`: the member's. `nil` when there is none.
    public var signerKey: ArraySlice<UInt8>? {
        switch self.kind {
        case .presence: self.flags.contains(.signed) && self.payload.count >= SignedPayload.keyBytes ? self.payload[..<SignedPayload.keyBytes] : nil
        default: self.isWhollySigned ? self.payload[..<SignedPayload.keyBytes] : nil
        }
    }

    /// `presence`: the member's signed sealing key, after its identity key, if it has one.
    public var memberBox: ArraySlice<UInt8>? {
        guard self.kind == .presence, self.flags.contains(.signed), self.payload.count == SignedPayload.keyBytes + SignedPayload.boxBytes else {
            return nil
        }
        return self.payload[SignedPayload.keyBytes...]
    }

    /// `say`, `message`, `direct`: the sender's key and signature as a message frame carries them.
    public var signatureStamp: SignatureStamp? {
        guard self.isWhollySigned else { return nil }
        return SignatureStamp(
            key: Base64URL.encode(self.payload[..<SignedPayload.keyBytes]),
            sig: Base64URL.encode(self.payload[SignedPayload.keyBytes..<SignedPayload.prefixBytes])
        )
    }
}
