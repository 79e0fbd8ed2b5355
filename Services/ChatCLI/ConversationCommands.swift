import ChatClient
import ChatProtocol

/// The conversation commands (`/reply`, `/edit`, `/delete`, `/react`), done the same way in a terminal
/// and in a script: each finds the message meant, sends, and says what went wrong, if anything.
struct ConversationCommands: Sendable {
    let client: ChatClient
    /// Whether to wait until everything sent is acknowledged before finding a message (scripts: a line
    /// may edit the message of the line before, which the conversation holds once acknowledged).
    let settles: Bool

    /// The message `ref` names in `room`, or by default the last one, yours (`own`) or someone else's.
    func message(_ ref: UInt64?, in room: String, own: Bool) async -> Result<ConversationMessage, SendProblem> {
        if self.settles {
            await self.client.waitUntilWelcomed()
            await self.client.waitUntilIdle()
        }
        let me = await self.client.ownAuthor
        let conversation = await self.client.conversation(of: room)
        if let ref {
            guard let message = conversation?.message(at: ref) else { return .failure(.conversation("no message #\(ref) in \(room) here")) }
            return .success(message)
        }
        guard let message = conversation?.latest(where: { ($0.author == me) == own }) else {
            return .failure(.conversation(own ? "you said nothing in \(room) yet" : "nothing said in \(room) yet"))
        }
        return .success(message)
    }

    /// `/reply [#N] TEXT`: the message answered, for its quote, and the reply's id, once it is on its way.
    func reply(_ ref: UInt64?, text: String, in room: String) async -> Result<(ConversationMessage, String), SendProblem> {
        let original: ConversationMessage
        switch await self.message(ref, in: room, own: false) {
        case .success(let found): original = found
        case .failure(let problem): return .failure(problem)
        }
        do throws(SendProblem) {
            return .success((original, try await self.client.say(text, in: room, reply: original.reference)))
        } catch {
            return .failure(error)
        }
    }

    /// `/edit [#N] TEXT`; a problem to show, or `nil`.
    func edit(_ ref: UInt64?, text: String, in room: String) async -> String? {
        await self.act(on: ref, in: room, own: true) { message throws(SendProblem) in
            try await self.client.edit(message.reference, in: room, to: text)
        }
    }

    /// `/delete [#N]`; a problem to show, or `nil`.
    func delete(_ ref: UInt64?, in room: String) async -> String? {
        await self.act(on: ref, in: room, own: true) { message throws(SendProblem) in
            try await self.client.delete(message.reference, in: room)
        }
    }

    /// `/react [#N] EMOJI`: adds it, or takes it back if held; a problem to show, or `nil`.
    func react(_ ref: UInt64?, reaction: String, in room: String) async -> String? {
        await self.act(on: ref, in: room, own: false) { message throws(SendProblem) in
            try await self.client.toggleReaction(reaction, on: message.reference, in: room)
        }
    }

    private func act(
        on ref: UInt64?,
        in room: String,
        own: Bool,
        _ action: (ConversationMessage) async throws(SendProblem) -> some Sendable
    ) async -> String? {
        switch await self.message(ref, in: room, own: own) {
        case .failure(let problem): return problem.description
        case .success(let message):
            do throws(SendProblem) {
                _ = try await action(message)
                return nil
            } catch {
                return "not sent: \(error)"
            }
        }
    }
}
