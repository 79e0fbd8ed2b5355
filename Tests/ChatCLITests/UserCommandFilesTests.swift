import ChatCLI
import Testing

@Suite struct UserCommandFilesTests {
    @Test(arguments: [
        ("/send cat.png", UserCommand.sendFile(path: "cat.png")),
        ("/send ~/Pictures/Holiday photo.jpg ", .sendFile(path: "~/Pictures/Holiday photo.jpg")),
        ("/send", .usage("/send PATH")),
        ("/save", .save(ref: nil, path: nil)),
        ("/save #52", .save(ref: 52, path: nil)),
        ("/save 52", .save(ref: 52, path: nil)),
        ("/save #52 ~/Downloads/my cat.png", .save(ref: 52, path: "~/Downloads/my cat.png")),
        ("/save 7 out", .save(ref: 7, path: "out")),
        ("/save ~/Downloads", .save(ref: nil, path: "~/Downloads")),
        ("/save #x y", .save(ref: nil, path: "#x y")),
        ("/cancel", .cancel),
        ("/CANCEL", .cancel),
        ("/cancel now", .usage("/cancel")),
    ])
    func fileCommandsParse(line: String, command: UserCommand) {
        #expect(UserCommand(parsing: line) == command)
    }

    @Test func helpListsTheFileCommands() {
        for command in ["/send PATH", "/save [#N] [PATH]", "/cancel"] {
            #expect(UserCommand.helpLines.contains { $0.hasPrefix(command + " ") }, "\(command)")
        }
    }
}
