public import Identity

extension KeyShare {
    /// What one member makes of a share: the key in their record, and whether the possession proof
    /// showed that the sender holds the proven key.
    public struct Reading: Sendable, Hashable {
        /// The key in the reader's record; `nil` without one, or with one that did not open.
        public let key: RoomKey?
        /// The proof verified: the sender holds the proven key. `false` when the reader does not hold
        /// that key and cannot check; then the share shows nobody to hold anything.
        public let isProven: Bool

        public init(key: RoomKey?, isProven: Bool) {
            self.key = key
            self.isProven = isProven
        }
    }

    /// The reader's key, and the proof checked with the proven key if the reader has it: among the
    /// keys it holds (`holding`, by id) or from its own record.
    ///
    /// A record that does not open gives no key, as if there were none. A proof that does not verify
    /// for a reader who can check it throws: such a share is ignored whole.
    public func read(
        room: String,
        sender: IdentityKey,
        id: String,
        for reader: SealingKey,
        holding: (KeyID) -> RoomKey?
    ) throws(EndToEndError) -> Reading {
        let key = (try? self.open(room: room, sender: sender, for: reader)) ?? nil
        guard let proven = holding(self.provenKeyID) ?? (self.previous == .none ? key : nil) else {
            return Reading(key: key, isProven: false)
        }
        guard self.proves(proven, room: room, sender: sender, id: id) else {
            throw EndToEndError("the possession proof does not verify: the sender does not hold the key it claims")
        }
        return Reading(key: key, isProven: true)
    }
}
