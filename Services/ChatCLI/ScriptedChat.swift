public import ChatClient
import ChatProtocol

/// `chat` when standard input is not a terminal: each line read is sent, each message received is
/// printed on a line of its own (`[room] name: text`, or the protocol's JSON with `--json`), and it
/// exits once input ends and everything sent was acknowledged.
public struct ScriptedChat {
    let client: ChatClient
    let room: String
    let json: Bool
    /// The passphrase given on the command line, for `/join ROOM --passphrase`.
    let passphrase: String?

    public init(client: ChatClient, room: String, json: Bool, passphrase: String? = nil) {
        self.client = client
        self.room = room
        self.json = json
        self.passphrase = passphrase
    }

    /// What became of one line of input.
    enum Outcome {
        case sent
        /// Not sent: its text does not fit an encrypted room, or the room could not be encrypted.
        case notSent
        case quit
    }

    public func run() async -> ExitStatus {
        await withTaskGroup(of: Int.self) { printer in
            // Prints until the client's events end, which is after the client does: nothing received is lost.
            printer.addTask { [client, json] in await Self.printEvents(client.events, json: json) }
            switch await self.talk() {
            case .failure(let error):
                writeOut("chat: \(ExitStatus.message(for: error))\n", to: 2)
                await printer.waitForAll()
                return ExitStatus(error)
            case .success(let notSent):
                let refused = await printer.next() ?? 0
                return refused + notSent > 0 ? .failure : .success
            }
        }
    }

    /// How one of ``talk()``'s two children ended.
    private enum Ending: Sendable {
        case client(ChatClientError?)
        case input(notSent: Int)
    }

    /// Runs the client while the input's lines are sent. Returns the lines not sent, or the error that
    /// ended the client; that error also ends the sending.
    private func talk() async -> Result<Int, ChatClientError> {
        await withTaskGroup(of: Ending.self) { group in
            group.addTask { [client] in .client(await client.runUntilEnded()) }
            group.addTask { [client, room, passphrase] in
                .input(notSent: await Self.sendLines(to: client, room: room, passphrase: passphrase))
            }
            var notSent = 0
            for await ending in group {
                switch ending {
                case .client(let error?):
                    // Stopped, the client no longer keeps the sender waiting for acknowledgements.
                    await self.client.stop()
                    group.cancelAll()
                    return .failure(error)
                case .client(nil): break
                case .input(let count): notSent = count
                }
            }
            return .success(notSent)
        }
    }

    /// Prints each event as it comes; returns how many messages the server refused.
    private static func printEvents(_ events: AsyncStream<ChatEvent>, json: Bool) async -> Int {
        var refused = 0
        for await event in events {
            switch event {
            case .frame(let text) where json: writeOut(text + "\n")
            case .refused(let error):
                refused += 1
                writeOut("chat: not sent: \(error.message)\n", to: 2)
            case .members(let members) where !json:
                writeOut("[\(members.room)] members: \(members.members.joined(separator: ", "))\n")
            default:
                if !json, let line = MessageFormatter.scripted(event) { writeOut(line + "\n") }
            }
        }
        return refused
    }

    /// Sends each line of input until it ends or says `/quit`, then waits until everything sent is
    /// acknowledged and stops the client. Returns how many lines were not sent.
    private static func sendLines(to client: ChatClient, room: String, passphrase: String?) async -> Int {
        var notSent = 0
        for await line in InputReader.lines() {
            let outcome = await Self.send(line, to: client, room: room, passphrase: passphrase)
            if outcome == .quit { break }
            if outcome == .notSent { notSent += 1 }
        }
        await client.waitUntilIdle()
        await client.stop()
        return notSent
    }

    /// Sends what a line asks for.
    static func send(_ line: String, to client: ChatClient, room: String, passphrase: String?) async -> Outcome {
        switch UserCommand(parsing: line) {
        case .say(let text): return await Self.say(text, to: client, room: room, action: false)
        case .action(let text): return await Self.say(text, to: client, room: room, action: true)
        case .direct(let to, let text): await client.send(.direct(DirectRequest(to: to, text: text)))
        case .join(let name, passphrase: false): await client.send(.join(RoomRequest(room: name)))
        case .join(let name, passphrase: true):
            guard let passphrase else {
                writeOut("chat: /join \(name) --passphrase: give the passphrase with --passphrase-file or CHAT_PASSPHRASE\n", to: 2)
                return .notSent
            }
            if let problem = await PassphraseRequest(room: (try? RoomName(validating: name).value) ?? name, passphrase: passphrase).encrypt(client) {
                writeOut("chat: \(problem)\n", to: 2)
                return .notSent
            }
        case .leave(let name): await client.send(.leave(RoomRequest(room: name ?? room)))
        case .who(let name): await client.send(.who(RoomRequest(room: name ?? room)))
        case .nick(let name): await client.send(.rename(RenameRequest(name: name)))
        case .verify(let name):
            guard let (number, fingerprint) = await client.safetyNumber(with: name) else {
                writeOut("chat: /verify \(name): no key seen for \(name) yet\n", to: 2)
                return .notSent
            }
            writeOut("[identity] safety number with \(name) (key \(fingerprint)): \(number)\n")
        case .verified(let name):
            guard await client.markVerified(name) else { return Self.noKey(name, command: "/verified") }
            writeOut("[identity] \(name) is a verified contact\n")
        case .trust(let name):
            guard await client.acceptKey(of: name) else { return Self.noKey(name, command: "/trust") }
            writeOut("[identity] accepted the new key of \(name)\n")
        case .quit: return .quit
        case .rooms, .help, .nothing: break
        case .usage(let usage): writeOut("chat: usage: \(usage)\n", to: 2)
        case .unknown(let command): writeOut("chat: unknown command \(command); see /help\n", to: 2)
        }
        return .sent
    }

    private static func noKey(_ name: String, command: String) -> Outcome {
        writeOut("chat: \(command) \(name): no new key seen for \(name)\n", to: 2)
        return .notSent
    }

    private static func say(_ text: String, to client: ChatClient, room: String, action: Bool) async -> Outcome {
        do {
            try await client.say(text, in: room, action: action)
            return .sent
        } catch {
            writeOut("chat: not sent: \(error)\n", to: 2)
            return .notSent
        }
    }
}
