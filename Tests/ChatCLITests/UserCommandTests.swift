import ChatCLI
import Testing

@Suite struct UserCommandTests {
    @Test(arguments: [
        ("hello there", UserCommand.say("hello there")),
        ("  ", .nothing),
        ("/me waves", .action("waves")),
        ("/msg bob hi there", .direct(to: "bob", text: "hi there")),
        ("/MSG bob  spaced ", .direct(to: "bob", text: "spaced")),
        ("/who", .who(room: nil)),
        ("/who dev", .who(room: "dev")),
        ("/join #dev", .join(room: "#dev", passphrase: false)),
        ("/join secret --passphrase", .join(room: "secret", passphrase: true)),
        ("/join --passphrase secret", .join(room: "secret", passphrase: true)),
        ("/join two rooms", .usage("/join ROOM [--passphrase]")),
        ("/leave", .leave(room: nil)),
        ("/rooms", .rooms),
        ("/nick alicia", .nick("alicia")),
        ("/help", .help),
        ("/quit", .quit),
        ("//etc/passwd is a path", .say("/etc/passwd is a path")),
        ("/msg bob", .usage("/msg NAME TEXT")),
        ("/join", .usage("/join ROOM [--passphrase]")),
        ("/me", .usage("/me TEXT")),
        ("/dance", .unknown("/dance")),
        ("/verify Zoë 🦊", .verify(name: "Zoë 🦊")),
        ("/verified bob", .verified(name: "bob")),
        ("/trust bob", .trust(name: "bob")),
        ("/verify", .usage("/verify NAME")),
    ])
    func linesParseIntoCommands(line: String, command: UserCommand) {
        #expect(UserCommand(parsing: line) == command)
    }

    @Test func everyCommandIsInTheHelp() {
        let help = UserCommand.helpLines.joined(separator: "\n")
        for command in ["/help", "/who", "/join", "--passphrase", "/leave", "/rooms", "/msg", "/me", "/nick", "/verify", "/verified", "/trust", "/quit"] {
            #expect(help.contains(command))
        }
    }
}
