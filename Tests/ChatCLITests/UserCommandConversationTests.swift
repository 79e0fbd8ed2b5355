import ChatCLI
import Testing

@Suite struct UserCommandConversationTests {
    @Test(arguments: [
        ("/reply #12 sounds good", UserCommand.reply(ref: 12, text: "sounds good")),
        ("/reply sounds good", .reply(ref: nil, text: "sounds good")),
        ("/re #3 ok", .reply(ref: 3, text: "ok")),
        ("/reply #12", .usage("/reply [#N] TEXT")),
        ("/reply #twelve hi", .reply(ref: nil, text: "#twelve hi")),
        ("/edit #4 fixed typo", .edit(ref: 4, text: "fixed typo")),
        ("/edit fixed typo", .edit(ref: nil, text: "fixed typo")),
        ("/edit", .usage("/edit [#N] TEXT")),
        ("/delete", .delete(ref: nil)),
        ("/delete #9", .delete(ref: 9)),
        ("/delete #9 now", .usage("/delete [#N]")),
        ("/react #2 👍", .react(ref: 2, reaction: "👍")),
        ("/react 🎉", .react(ref: nil, reaction: "🎉")),
        ("/react #2 two words", .usage("/react [#N] EMOJI")),
        ("/react", .usage("/react [#N] EMOJI")),
        ("/refs", .refs(nil)),
        ("/refs on", .refs(true)),
        ("/bell off", .bell(false)),
        ("/bell loud", .usage("/bell [on|off]")),
        ("/reads", .reads(nil)),
        ("/reads ON", .reads(true)),
    ])
    func conversationCommandsParse(line: String, command: UserCommand) {
        #expect(UserCommand(parsing: line) == command)
    }

    @Test func helpListsEveryConversationCommand() {
        let help = UserCommand.helpLines.joined(separator: "\n")
        for command in ["/reply", "/edit", "/delete", "/react", "/refs", "/bell", "/reads", "@NAME", "Tab"] {
            #expect(help.contains(command), "\(command) is in /help")
        }
    }
}
