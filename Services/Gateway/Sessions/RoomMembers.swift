import RelayProtocol

/// One room's members on this gateway, kept apart by how they speak: a presence event concerns only the
/// v1 and IRC members, so a lobby of thousands of plain clients is not walked for each arrival.
struct RoomMembers {
    private(set) var v1: [UInt64: RoomHub.Member] = [:]
    private(set) var plain: [UInt64: RoomHub.Member] = [:]
    private(set) var irc: [UInt64: RoomHub.Member] = [:]

    var isEmpty: Bool { self.v1.isEmpty && self.plain.isEmpty && self.irc.isEmpty }

    mutating func insert(_ member: RoomHub.Member, as connection: UInt64) {
        switch member.mode {
        case .v1: self.v1[connection] = member
        case .plain: self.plain[connection] = member
        case .irc: self.irc[connection] = member
        }
    }

    mutating func remove(_ connection: UInt64) {
        guard self.v1.removeValue(forKey: connection) == nil, self.plain.removeValue(forKey: connection) == nil else { return }
        self.irc[connection] = nil
    }

    /// Whether the plain members may get a frame for `envelope` (``RoomFrame`` decides which): not for
    /// presence or key shares.
    func concernsPlain(_ envelope: Envelope) -> Bool {
        envelope.kind != .presence && !envelope.flags.contains(.share)
    }
}
