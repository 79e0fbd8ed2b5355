import ChatClient
import ChatProtocol

extension ScriptedChat {
    /// Sends each line of input until it ends or says `/quit`, then waits until everything sent is
    /// acknowledged and stops the client. Returns how many lines were not sent.
    func sendLines() async -> Int {
        var notSent = 0
        for await line in InputReader.lines() {
            let outcome = await self.send(line)
            if outcome == .quit { break }
            if outcome == .notSent { notSent += 1 }
        }
        await self.client.waitUntilIdle()
        await self.client.stop()
        return notSent
    }

    /// Sends what a line asks for.
    func send(_ line: String) async -> Outcome {
        switch UserCommand(parsing: line) {
        case .say(let text): return await self.say(text, action: false)
        case .action(let text): return await self.say(text, action: true)
        case .direct(let to, let text, let unencrypted):
            if case .failure(let problem) = await self.commands.direct(text, to: to, unencrypted: unencrypted) {
                return Self.notSent(problem.description)
            }
        case .join(let name, .asItIs): await self.client.send(.join(RoomRequest(room: name)))
        case .join(let name, .randomKey): return self.show(await self.commands.joinEncrypted(name))
        case .join(let name, .passphrase):
            guard let passphrase = self.passphrase else {
                return Self.notSent("/join \(name) --passphrase: give the passphrase with --passphrase-file or CHAT_PASSPHRASE")
            }
            if let problem = await PassphraseRequest(room: RoomName.spelled(name), passphrase: passphrase).encrypt(self.client) {
                return Self.notSent(problem)
            }
        case .invite: return self.show(await self.commands.invite(self.room))
        case .rekey: return self.show(await self.commands.rekey(self.room))
        case .add(let name): return self.show(await self.commands.add(name, to: self.room))
        case .remove(let name): return self.show(await self.commands.remove(name, from: self.room))
        case .leave(let name): await self.client.send(.leave(RoomRequest(room: name ?? self.room)))
        case .who(let name): await self.client.send(.who(RoomRequest(room: name ?? self.room)))
        case .nick(let name): await self.client.send(.rename(RenameRequest(name: name)))
        case .verify(let name):
            guard let (number, fingerprint) = await self.client.safetyNumber(with: name) else {
                return Self.notSent("/verify \(name): no key seen for \(name) yet")
            }
            writeOut("[identity] safety number with \(name) (key \(fingerprint)): \(number)\n")
        case .verified(let name):
            guard await self.client.markVerified(name) else { return Self.noKey(name, command: "/verified") }
            writeOut("[identity] \(name) is a verified contact\n")
        case .trust(let name):
            guard await self.client.acceptKey(of: name) else { return Self.noKey(name, command: "/trust") }
            writeOut("[identity] accepted the new key of \(name)\n")
        case .reply(let ref, let text):
            if case .failure(let problem) = await self.conversationCommands.reply(ref, text: text, in: self.room) {
                return Self.notSent(problem.description)
            }
        case .edit(let ref, let text): return Self.outcome(await self.conversationCommands.edit(ref, text: text, in: self.room))
        case .delete(let ref): return Self.outcome(await self.conversationCommands.delete(ref, in: self.room))
        case .react(let ref, let reaction): return Self.outcome(await self.conversationCommands.react(ref, reaction: reaction, in: self.room))
        case .reads(let on?): await self.client.shareReadMarkers(on)
        case .sendFile(let path): return await self.sendFile(path)
        case .save(let ref, let path): return await self.save(ref, to: path)
        case .quit: return .quit
        // Each /send and /save waits for its end: there is nothing to cancel.
        case .rooms, .help, .nothing, .refs, .bell, .reads(nil), .cancel: break
        case .usage(let usage): writeOut("chat: usage: \(usage)\n", to: 2)
        case .unknown(let command): writeOut("chat: unknown command \(command); see /help\n", to: 2)
        }
        return .sent
    }

    /// An encryption command's reply: an invite link on standard output (`[invite] ROOM LINK`, or a
    /// JSON line), a problem on standard error.
    private func show(_ reply: EncryptionCommands.Reply) -> Outcome {
        switch reply {
        case .notice: return .sent
        case .problem(let text): return Self.notSent(text)
        case .invite(let room, let link):
            writeOut((self.json ? MessageFormatter.inviteJSON(room: room, link: link) : "[invite] \(room) \(link)") + "\n")
            return .sent
        }
    }

    /// What a conversation command's problem (or none) makes of its line.
    private static func outcome(_ problem: String?) -> Outcome {
        problem.map(Self.notSent) ?? .sent
    }

    static func notSent(_ problem: String) -> Outcome {
        writeOut("chat: \(problem)\n", to: 2)
        return .notSent
    }

    private static func noKey(_ name: String, command: String) -> Outcome {
        Self.notSent("\(command) \(name): no new key seen for \(name)")
    }

    private func say(_ text: String, action: Bool) async -> Outcome {
        do throws(SendProblem) {
            try await self.client.say(text, in: self.room, action: action)
            return .sent
        } catch {
            return Self.notSent("not sent: \(error)")
        }
    }
}
