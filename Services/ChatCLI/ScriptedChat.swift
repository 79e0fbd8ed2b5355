public import ChatClient
import ChatProtocol

/// `chat` when standard input is not a terminal: each line read is sent, each message received is
/// printed on a line of its own (`[room] name: text`, or the protocol's JSON with `--json`), and it
/// exits once input ends and everything sent was acknowledged.
public struct ScriptedChat: Sendable {
    let client: ChatClient
    let room: String
    let json: Bool
    /// The passphrase given on the command line, for `/join ROOM --passphrase`.
    let passphrase: String?
    let commands: EncryptionCommands
    let conversationCommands: ConversationCommands
    let fileCommands: FileCommands

    public init(client: ChatClient, url: ServerURL, accessKey: String? = nil, room: String, json: Bool, passphrase: String? = nil) {
        self.client = client
        self.room = room
        self.json = json
        self.passphrase = passphrase
        self.commands = EncryptionCommands(client: client, url: url, accessKey: accessKey)
        self.conversationCommands = ConversationCommands(client: client, settles: true)
        self.fileCommands = FileCommands(client: client, settles: true)
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
            group.addTask { [self] in .input(notSent: await self.sendLines()) }
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
            case .encrypted, .roomKey:
                if let line = json ? MessageFormatter.json(event) : MessageFormatter.scripted(event) { writeOut(line + "\n") }
            default:
                if !json, let line = MessageFormatter.scripted(event) { writeOut(line + "\n") }
            }
        }
        return refused
    }
}
