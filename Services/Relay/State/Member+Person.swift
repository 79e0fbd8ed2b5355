/// The person behind a member, as read markers and the file store key them.
extension Member {
    /// Its identity key, or for a client without one its name regardless of case (``ReadMarkers/person(name:identityKey:)``):
    /// a person's devices share read markers and may go on with each other's uploads.
    var person: String { ReadMarkers.person(name: self.name, identityKey: self.identityKey) }
}
