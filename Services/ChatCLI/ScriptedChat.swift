public import ChatClient
import ChatProtocol

/// `chat` when standard input is not a terminal: each line read is sent, each message received is
/// printed on a line of its own (`[room] name: text`, or the protocol's JSON with `--json`), and it
/// exits once input ends and everything sent was acknowledged.
public struct ScriptedChat {
    let client: ChatClient
    let room: String
    let json: Bool

    public init(client: ChatClient, room: String, json: Bool) {
        self.client = client
        self.room = room
        self.json = json
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
        let sender = Task { [client, room] in
            for await line in InputReader.lines() {
                guard await Self.send(line, to: client, room: room) else { break }
            }
            await client.waitUntilIdle()
            await client.stop()
        }
        if let error = await running.value {
            sender.cancel()
            writeOut("chat: \(ExitStatus.message(for: error))\n", to: 2)
            _ = await printer.value
            return ExitStatus(error)
        }
        let refused = await printer.value
        return refused > 0 ? .failure : .success
    }

    /// Sends what a line asks for; `false` for `/quit`.
    static func send(_ line: String, to client: ChatClient, room: String) async -> Bool {
        switch UserCommand(parsing: line) {
        case .say(let text): await client.say(text, in: room)
        case .action(let text): await client.say(text, in: room, action: true)
        case .direct(let to, let text): await client.send(.direct(DirectRequest(to: to, text: text)))
        case .join(let name): await client.send(.join(RoomRequest(room: name)))
        case .leave(let name): await client.send(.leave(RoomRequest(room: name ?? room)))
        case .who(let name): await client.send(.who(RoomRequest(room: name ?? room)))
        case .nick(let name): await client.send(.rename(RenameRequest(name: name)))
        case .quit: return false
        case .rooms, .help, .nothing: break
        case .usage(let usage): writeOut("chat: usage: \(usage)\n", to: 2)
        case .unknown(let command): writeOut("chat: unknown command \(command); see /help\n", to: 2)
        }
        return true
    }
}
