import ChatProtocol
import RelayProtocol

/// Why the file store refused a request (docs/PROTOCOL.md, "Files"): the code clients switch on, and
/// the text for people.
struct FileRefusal: Error, Hashable {
    let code: ErrorCode
    let message: String

    init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The body is not in the store: dropped, never uploaded, or uploaded to a relay that since restarted.
    static let expired = FileRefusal(.fileExpired, "the relay no longer holds that file")
}

/// The active relay's check on a `file` event before it is sequenced (``FileStore/refusal(toPost:by:in:)``):
/// why the sender's `person` may not share `file` in `room`, or `nil` when they may.
typealias FilePostCheck = (_ file: EnvelopeFileReference, _ person: String, _ room: String) -> FileRefusal?
