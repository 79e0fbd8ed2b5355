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
        let printer = Task { [client, json] in
            var refused = 0
            for await event in client.events {
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
        let running = Task { [client] in
            do {
                try await client.run()
                return nil as ChatClientError?
            } catch let error as ChatClientError {
                return error
            } catch {
                return ChatClientError(.closed, "\(error)")
            }
        }
        let sender = Task { [client, room, passphrase] in
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
        if let error = await running.value {
            sender.cancel()
            writeOut("chat: \(ExitStatus.message(for: error))\n", to: 2)
            _ = await printer.value
            return ExitStatus(error)
        }
        let refused = await printer.value + sender.value
        return refused > 0 ? .failure : .success
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
        case .quit: return .quit
        case .rooms, .help, .nothing: break
        case .usage(let usage): writeOut("chat: usage: \(usage)\n", to: 2)
        case .unknown(let command): writeOut("chat: unknown command \(command); see /help\n", to: 2)
        }
        return .sent
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
