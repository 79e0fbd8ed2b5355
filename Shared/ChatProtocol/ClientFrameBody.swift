/// The members of a client frame after its `type`: what the frame's id is, and how it is written.
protocol ClientFrameBody: Sendable {
    /// The client's id for the frame; `nil` if it gave none (or the kind has none).
    var id: String? { get }
    /// Writes the members after `type`.
    func write(into writer: inout JSONWriter)
}

/// A client frame body that carries the client's id.
protocol IdentifiedClientFrameBody: ClientFrameBody {
    var id: String? { get set }
}

extension IdentifiedClientFrameBody {
    /// This body with the id `id`.
    func with(id: String) -> Self {
        var copy = self
        copy.id = id
        return copy
    }
}

extension Hello: ClientFrameBody {
    /// A hello is answered by its welcome, not by an id.
    var id: String? { nil }
}

extension Prove: ClientFrameBody {
    /// A proof is answered by the welcome, not by an id.
    var id: String? { nil }
}

extension Typing: ClientFrameBody {
    /// Typing is not answered.
    var id: String? { nil }
}

extension ReadMarker: ClientFrameBody {
    /// A read marker is not answered.
    var id: String? { nil }
}

extension Say: IdentifiedClientFrameBody {}
extension TargetedMessage: IdentifiedClientFrameBody {}
extension DirectRequest: IdentifiedClientFrameBody {}
extension RoomRequest: IdentifiedClientFrameBody {}
extension RenameRequest: IdentifiedClientFrameBody {}
