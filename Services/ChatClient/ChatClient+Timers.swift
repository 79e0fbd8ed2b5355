import AsyncSignals

extension ChatClient {
    /// A timer loop's pause: until `due` (without one, for as long as it takes) or until `changed` fires,
    /// whichever comes first; also ends when the task is cancelled.
    func pause(until due: ContinuousClock.Instant?, orUntil changed: AsyncSignal) async {
        guard let due else { return await changed.wait() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(until: due, clock: .continuous) }
            group.addTask { await changed.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Forgets typists who went quiet and sends the read markers and typing frames whose turn came,
    /// waiting for the next in between; a child of the connection, since it sends.
    func runConversationTimers() async {
        while !Task.isCancelled {
            let due = [self.typists.nextExpiry, self.readMarkers.nextDue, self.typingSignals.nextDue].compactMap { $0 }.min()
            await self.pause(until: due, orUntil: self.conversationTimersChanged)
            let now = ContinuousClock.now
            for room in self.typists.expire(now: now) { self.emit(.typists(room: room, names: self.typists.names(in: room))) }
            for (room, seq) in self.readMarkers.due(now: now) { self.sendRead(seq, in: room) }
            for (room, active) in self.typingSignals.due(now: now) { self.sendTyping(active, in: room) }
        }
    }
}
