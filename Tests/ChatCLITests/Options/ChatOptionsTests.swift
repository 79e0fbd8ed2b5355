import ArgumentParser
import ChatCLI
import ChatClient
import EndToEnd
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `chat`'s argument, flags and variables turned into a configuration, without starting a process.
///
/// Serialized because it sets environment variables; it sets only ones no other suite reads.
@Suite(.serialized) struct ChatOptionsTests {
    static let key = "a-key-for-the-tests-0123"

    func configuration(_ arguments: [String], interactive: Bool = false, answers: [String] = []) throws -> ChatCLIConfiguration {
        var answers = answers[...]
        return try ChatOptions.parse(arguments).configuration(interactive: interactive) { _, offered in answers.popFirst() ?? offered }
    }

    func problem(_ arguments: [String]) -> ChatCLIConfiguration.Problem? {
        #expect(throws: ChatCLIConfiguration.Problem.self) { try self.configuration(arguments) }
    }

    @Test func aURLAndANameAreEnough() throws {
        let configuration = try self.configuration(["ws://127.0.0.1:8000/ws", "--name", "amy"])
        #expect(configuration.url.value == "ws://127.0.0.1:8000/ws")
        #expect(configuration.name == "amy")
        #expect(configuration.rooms == ["lobby"])
        #expect(configuration.accessKey == nil && configuration.passphrase == nil && !configuration.json)
    }

    @Test func withoutAURLTheDefaultServerIsUsed() throws {
        #expect(try self.configuration(["--name", "amy"]).url.value == "ws://localhost:8000/ws")
    }

    @Test func aFlagWinsOverItsVariable() throws {
        setenv("CHAT_NAME", "bea", 1)
        setenv("CHAT_ROOM", "ops", 1)
        defer {
            unsetenv("CHAT_NAME")
            unsetenv("CHAT_ROOM")
        }
        let fromEnvironment = try self.configuration([])
        #expect(fromEnvironment.name == "bea" && fromEnvironment.rooms == ["ops"])
        let fromFlags = try self.configuration(["--name", "amy", "--room", "dev", "--room", "qa"])
        #expect(fromFlags.name == "amy" && fromFlags.rooms == ["dev", "qa"])
    }

    @Test func inATerminalWhatIsMissingIsAsked() throws {
        let configuration = try self.configuration([], interactive: true, answers: ["ws://127.0.0.1:9000/ws", "cat"])
        #expect(configuration.url.value == "ws://127.0.0.1:9000/ws" && configuration.name == "cat" && configuration.interactive)
    }

    @Test func anInviteLinkCarriesTheKey() throws {
        let configuration = try self.configuration(["https://chat.example.org/#key=\(Self.key)", "--name", "amy"])
        #expect(configuration.url.value == "wss://chat.example.org/ws" && configuration.accessKey == Self.key)
    }

    @Test(arguments: [
        (["--name", "amy", "bad://x"], #"bad server URL "bad://x": it must start with ws:// or wss://, e.g. ws://localhost:8000/ws"#, 64),
        (["ws://127.0.0.1:8000/ws"], "a name is needed: pass --name NAME or set CHAT_NAME", 64),
        (["ws://127.0.0.1:8000/ws", "--name", ""], "username must not be empty", 65),
        (["ws://127.0.0.1:8000/ws", "--name", "amy", "--room", ""], "--room : room name must not be empty", 64),
        (
            ["ws://127.0.0.1:8000/ws", "--name", "amy", "--key", "short"],
            "the access key from --key is not one: it must be 16 to 128 of A-Z a-z 0-9 - _ . ~ (it has 5 characters)", 64
        ),
        (["ws://127.0.0.1:8000/ws", "--name", "amy", "--key", key, "--key-file", "k"], "give the access key once: --key or --key-file", 64),
        (["ws://127.0.0.1:8000/ws", "--name", "amy", "--passphrase-file", "/nonexistent"], "cannot read the passphrase file /nonexistent", 64),
    ])
    func optionsThatCannotBeUsedAreRefusedWithAMessageAndAnExitStatus(arguments: [String], message: String, status: Int32) {
        let problem = self.problem(arguments)
        #expect(problem?.description == message)
        #expect(problem?.status.rawValue == status)
    }

    /// An identity of its own in a new directory, so that nothing is written into the runner's ~/.config.
    static func identityOption() -> [String] {
        ["--identity", NSTemporaryDirectory() + "chat-options-\(UInt64.random(in: 0...UInt64.max))/identity"]
    }

    @Test func anInviteLinkWithARoomKeyJoinsThatRoomEncryptedFirst() throws {
        let key = RoomKey.random()
        let link = "https://chat.example.org/#key=\(Self.key)&room=Dev&roomkey=\(key.text)"
        let configuration = try self.configuration([link, "--name", "amy", "--room", "ops"] + Self.identityOption())
        #expect(configuration.rooms == ["dev", "ops"] && configuration.invitedRoom?.room == "dev" && configuration.invitedRoom?.key == key)
        #expect(configuration.accessKey == Self.key && configuration.keepsKeyring)
        let alone = try self.configuration(["http://127.0.0.1:8000/#room=dev&roomkey=\(key.text)", "--name", "amy"] + Self.identityOption())
        #expect(alone.rooms == ["dev"], "not the lobby as well")
    }

    @Test func encryptionWithoutAnIdentityKeyOrWithABrokenLinkIsRefused() {
        let key = RoomKey.random().text
        let noIdentity = self.problem(["http://h/#room=dev&roomkey=\(key)", "--name", "amy", "--no-identity"])
        #expect(
            noIdentity?.description == "end-to-end encryption needs an identity key: the invite link's room key cannot be used with --no-identity"
        )
        #expect(noIdentity?.status == .usage)
        setenv("CHAT_PASSPHRASE", "correct horse battery staple", 1)
        defer { unsetenv("CHAT_PASSPHRASE") }
        #expect(
            self.problem(["ws://h/ws", "--name", "amy", "--no-identity"])?.description.contains(
                "the passphrase (--passphrase-file or CHAT_PASSPHRASE)"
            ) == true
        )
        #expect(self.problem(["http://h/#room=dev&roomkey=short", "--name", "amy"])?.description.contains("room key is not one") == true)
        #expect(self.problem(["http://h/#room=dev", "--name", "amy"])?.description.contains("not both") == true)
    }

    @Test func noKeyringKeepsRoomKeysInMemory() throws {
        let configuration = try self.configuration(["ws://h/ws", "--name", "amy", "--no-keyring"] + Self.identityOption())
        #expect(!configuration.keepsKeyring && configuration.keyring == RoomKeyring())
    }
}
