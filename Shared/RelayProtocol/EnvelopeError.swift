/// Bytes that are not a valid envelope.
public struct EnvelopeError: Error, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case tooShort
        case unsupportedVersion
        case unknownKind
        case lengthMismatch
        case invalidUTF8
        case fieldTooLong
        case badPayload
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "invalid envelope (\(self.code)): \(self.reason)" }
}
