import RelayProtocol

extension RelayLoop {
    /// Publishes a member's `typing` to every gateway outside the stream: not sequenced, kept, replayed
    /// or replicated (docs/PROTOCOL.md, "Typing"). From a non-member, or over the pace, it is ignored.
    func relay(typing envelope: Envelope, now: ContinuousClock.Instant) {
        guard let member = self.chat.members[envelope.origin], member.rooms.contains(envelope.room),
            self.typists.admit(envelope.origin, now: now)
        else { return }
        var event = Envelope.typing(origin: envelope.origin, room: envelope.room, name: member.name, active: envelope.isTyping)
        event.epoch = self.status.epoch
        self.emit(.publish(event.encoded()))
    }
}
