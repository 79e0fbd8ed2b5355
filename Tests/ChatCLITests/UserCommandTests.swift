import ChatCLI
import Testing

@Suite struct UserCommandTests {
    @Test(arguments: [
        ("hello there", UserCommand.say("hello there")),
        ("  ", .nothing),
        ("/me waves", .action("waves")),
        ("/msg bob hi there", .direct(to: "bob", text: "hi there", unencrypted: false)),
        ("/MSG bob  spaced ", .direct(to: "bob", text: "spaced", unencrypted: false)),
        ("/msg! bob in the clear", .direct(to: "bob", text: "in the clear", unencrypted: true)),
        ("/msg! bob", .usage("/msg! NAME TEXT")),
        ("/who", .who(room: nil)),
        ("/who dev", .who(room: "dev")),
        ("/join #dev", .join(room: "#dev", encryption: .asItIs)),
        ("/join secret --passphrase", .join(room: "secret", encryption: .passphrase)),
        ("/join --passphrase secret", .join(room: "secret", encryption: .passphrase)),
        ("/join secret --encrypt", .join(room: "secret", encryption: .randomKey)),
        ("/join secret --encrypt --passphrase", .usage("/join ROOM [--encrypt | --passphrase]")),
        ("/join two rooms", .usage("/join ROOM [--encrypt | --passphrase]")),
        ("/invite", .invite),
        ("/rekey", .rekey),
        ("/add carol", .add(name: "carol")),
        ("/remove carol", .remove(name: "carol")),
        ("/add", .usage("/add NAME")),
        ("/remove", .usage("/remove NAME")),
        ("/leave", .leave(room: nil)),
        ("/rooms", .rooms),
        ("/nick alicia", .nick("alicia")),
        ("/help", .help),
        ("/quit", .quit),
        ("//etc/passwd is a path", .say("/etc/passwd is a path")),
        ("/msg bob", .usage("/msg NAME TEXT")),
        ("/join", .usage("/join ROOM [--encrypt | --passphrase]")),
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
        let commands = [
            "/help", "/who", "/join", "--encrypt", "--passphrase", "/invite", "/add", "/remove", "/rekey", "/leave", "/rooms", "/msg", "/msg!", "/me",
            "/nick", "/verify", "/verified", "/trust", "/quit",
        ]
        for command in commands {
            #expect(help.contains(command))
        }
    }
}
