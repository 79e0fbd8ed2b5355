import ChatClient
import ChatProtocol
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of the interactive screen: the input line, the current room, the connection.
struct InteractiveSession {
    let client: ChatClient
    let url: ServerURL
    var formatter: MessageFormatter
    var editor = LineEditor()
    var decoder = KeyDecoder()
    var prompt = PromptLine()
    var room = RoomName.lobby.value
    var rooms: [String] = []
    var online = false
    /// Names and the key each was last warned about: a changed key is told once, then only marked.
    var keyWarnings: [String: SignatureState] = [:]
    var joining: String?
    /// The room whose passphrase is being typed (not shown, not kept in history).
    var passphraseRoom: String?
    /// Where typed passphrases go to become keys.
    let passphrases: AsyncStream<PassphraseRequest>.Continuation
    let commands: EncryptionCommands
    let conversationCommands: ConversationCommands
    /// Ring the terminal bell when someone mentions the user (`--no-bell`, `/bell off`: not).
    var rings: Bool
    /// Per room, the reader's marker from its snapshot, until the divider is shown before the news after it.
    var dividers: [String: UInt64] = [:]
    /// Who types in each room, for the prompt.
    var typing: [String: [String]] = [:]
    /// Lines the user said, waiting for their ack to show their number.
    var ownLines: [OwnLine] = []
    let fileCommands: FileCommands
    /// The files moving, for the status line above the input.
    var transfers: [TransferProgress] = []
    /// Where each download goes once whole: the path given to `/save`, if one was.
    var saves: [String: String?] = [:]

    init(
        client: ChatClient,
        url: ServerURL,
        accessKey: String?,
        formatter: MessageFormatter,
        rings: Bool = true,
        passphrases: AsyncStream<PassphraseRequest>.Continuation
    ) {
        self.client = client
        self.url = url
        self.formatter = formatter
        self.rings = rings
        self.passphrases = passphrases
        self.commands = EncryptionCommands(client: client, url: url, accessKey: accessKey)
        self.conversationCommands = ConversationCommands(client: client, settles: false)
        self.fileCommands = FileCommands(client: client, settles: false)
    }

    /// Handles one input; returns an exit status when it is time to leave.
    mutating func handle(_ input: InteractiveChat.Input) async -> ExitStatus? {
        switch input {
        case .bytes(let bytes):
            for key in self.decoder.decode(bytes) {
                if let status = await self.handle(key) { return status }
            }
            self.draw()
        case .inputEnded: return .success
        case .chat(let event): await self.show(event)
        case .clientEnded(let error):
            guard let error else { return .success }
            self.print([self.formatter.problem(ExitStatus.message(for: error))])
            return ExitStatus(error)
        case .signal(let signal):
            if signal == .sigwinch {
                self.draw()
                return nil
            }
            return .success
        case .problem(let problem): self.print([self.formatter.problem(problem)])
        }
        return nil
    }

    mutating func handle(_ key: Key) async -> ExitStatus? {
        if self.passphraseRoom != nil {
            self.handlePassphrase(key)
            return nil
        }
        let before = self.editor.line
        switch key {
        case .text(let text): self.editor.insert(text)
        case .enter:
            let line = self.editor.submit()
            await self.client.stopTyping(in: self.room)
            return await self.submit(line)
        case .backspace: self.editor.backspace()
        case .delete: self.editor.delete()
        case .left: self.editor.left()
        case .right: self.editor.right()
        case .up: self.editor.previous()
        case .down: self.editor.next()
        case .home: self.editor.home()
        case .end: self.editor.end()
        case .deleteToStart: self.editor.deleteToStart()
        case .deleteToEnd: self.editor.deleteToEnd()
        case .deleteWord: self.editor.deleteWord()
        case .tab: await self.completeMention()
        case .redraw: break
        case .interrupt: return .success
        case .endOfInput:
            if self.editor.text.isEmpty { return .success }
            self.editor.delete()
        }
        await self.noteTyping(before: before)
        return nil
    }

    /// Acts on an entered line.
    mutating func submit(_ line: String) async -> ExitStatus? {
        let now = UInt64(Self.nowMilliseconds())
        let command = UserCommand(parsing: line)
        switch command {
        case .nothing: break
        case .reply, .edit, .delete, .react, .refs, .reads, .bell: await self.submitConversation(command, time: now)
        case .sendFile, .save, .cancel: await self.submitFile(command)
        case .say(let text): await self.say(text, action: false, time: now)
        case .action(let text): await self.say(text, action: true, time: now)
        case .direct(let to, let text, let unencrypted):
            switch await self.commands.direct(text, to: to, unencrypted: unencrypted) {
            case .success(let sealed):
                let own = DirectMessage(from: self.formatter.ownName, to: to, text: text, time: now)
                self.print([self.formatter.line(for: own, encryption: sealed ? .decrypted : .unencrypted)])
            case .failure(let problem): self.print([self.formatter.problem(problem.description)])
            }
        case .who(let name): await self.client.send(.who(RoomRequest(room: name ?? self.room)))
        case .join(let name, .passphrase): self.askPassphrase(for: name)
        case .join(let name, .randomKey):
            self.joining = (try? RoomName(validating: name))?.value
            self.show(await self.commands.joinEncrypted(name))
        case .join(let name, .asItIs):
            let wanted = (try? RoomName(validating: name))?.value ?? name
            if self.rooms.contains(wanted) {
                self.room = wanted
                self.print([self.formatter.notice("now talking in \(wanted)")])
            } else {
                self.joining = wanted
                await self.client.send(.join(RoomRequest(room: name)))
            }
        case .leave(let name): await self.client.send(.leave(RoomRequest(room: name ?? self.room)))
        case .rooms:
            let list = self.rooms.map { $0 == self.room ? "*\($0)" : $0 }.joined(separator: " ")
            self.print([self.formatter.notice("your rooms: \(list)")])
        case .nick(let name): await self.client.send(.rename(RenameRequest(name: name)))
        case .verify(let name): self.print(await self.safetyNumberLines(with: name))
        case .verified(let name):
            let done = await self.client.markVerified(name)
            self.print([done ? self.formatter.notice("\(name) is now a verified contact ✔") : self.formatter.problem("no key seen for \(name) yet")])
        case .trust(let name):
            let done = await self.client.acceptKey(of: name)
            self.print([done ? self.formatter.notice("accepted \(name)'s new key") : self.formatter.problem("\(name)'s key has not changed")])
        case .invite: self.show(await self.commands.invite(self.room))
        case .rekey: self.show(await self.commands.rekey(self.room))
        case .add(let name): self.show(await self.commands.add(name, to: self.room))
        case .remove(let name): self.show(await self.commands.remove(name, from: self.room))
        case .help: self.print(UserCommand.helpLines.map { self.formatter.notice($0) })
        case .quit: return .success
        case .usage(let usage): self.print([self.formatter.problem("usage: \(usage)")])
        case .unknown(let command): self.print([self.formatter.problem("unknown command \(command): type /help for the list")])
        }
        return nil
    }

    /// Shows the reply to an encryption command.
    mutating func show(_ reply: EncryptionCommands.Reply) {
        switch reply {
        case .notice(let text): self.print([self.formatter.notice(text)])
        case .problem(let text): self.print([self.formatter.problem(text)])
        case .invite(let room, let link):
            self.print([
                self.formatter.notice("invite link of \(room): it lets anyone who has it in, and read the room, until its key changes:"),
                "    " + link,
            ])
        }
    }

    /// Says something in the current room and shows it; a text an encrypted room cannot take is refused here.
    mutating func say(_ text: String, action: Bool, time: UInt64) async {
        do {
            let id = try await self.client.say(text, in: self.room, action: action)
            self.showOwn(OwnLine(id: id, quote: nil, text: text, room: self.room, action: action, time: time))
        } catch {
            self.print([self.formatter.problem("not sent: \(error)")])
        }
    }

    /// `/verify NAME`: the safety number, in three rows, and what to do with it.
    func safetyNumberLines(with name: String) async -> [String] {
        guard let (number, fingerprint) = await self.client.safetyNumber(with: name) else {
            return [self.formatter.problem("no key seen for \(name) yet (or you have no identity): wait for a message from them")]
        }
        return [self.formatter.notice("safety number with \(name) (their key \(fingerprint)):")]
            + number.rows.map { "    " + $0 }
            + [self.formatter.notice("compare it with \(name)'s, in person or on a call; if it matches, type /verified \(name)")]
    }

    /// Prints lines above the input line and draws it again; `ring`: with the terminal bell.
    mutating func print(_ lines: [String], ring: Bool = false) {
        self.updatePrompt()
        writeOut(self.prompt.print(lines, editor: self.shownEditor, width: RawTerminal.width) + (ring ? "\u{07}" : ""))
    }

    /// Clears what is drawn below the messages (the input line, a status line), on leaving.
    mutating func leave() {
        writeOut(self.prompt.erase())
    }

    mutating func draw() {
        self.updatePrompt()
        writeOut(self.prompt.render(self.shownEditor, width: RawTerminal.width))
    }

    /// The line as drawn: nothing of a passphrase being typed.
    private var shownEditor: LineEditor {
        self.passphraseRoom == nil ? self.editor : LineEditor()
    }

    private mutating func updatePrompt() {
        let typing = self.passphraseRoom == nil ? self.typing[self.room].flatMap(MessageFormatter.typingStatus) : nil
        let status = typing.map { "(\($0)) " } ?? ""
        let plain =
            self.passphraseRoom.map { "passphrase for #\($0) (not shown): " }
            ?? "[\(self.formatter.label(self.room))]\(self.online ? "" : " offline") > "
        self.prompt.promptWidth = DisplayWidth.of(status + plain)
        let shown = self.formatter.colors ? self.formatter.styled(plain, self.online ? .cyan : .yellow) : plain
        self.prompt.prompt = self.formatter.quiet(status) + shown
        self.prompt.status = MessageFormatter.transferStatus(self.transfers).map {
            self.formatter.quiet(DisplayWidth.prefix($0, columns: RawTerminal.width - 1))
        }
    }

    static func nowMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
