/// Why a text could not be opened, or a key not derived, in words for people.
///
/// Callers show one marker for every reason (a member cannot tell a wrong passphrase from tampering,
/// and should not guess); the reason is for tests and logs.
public struct EndToEndError: Error, Hashable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { self.reason }
}
