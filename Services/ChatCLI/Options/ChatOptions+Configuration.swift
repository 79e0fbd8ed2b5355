import ChatClient
import ChatConfig
import ChatProtocol
import Identity

extension ChatOptions {
    /// The configuration these options describe: each value from its flag, else its environment variable, else
    /// (in a terminal) the answer to `ask`, else its default.
    ///
    /// - Parameter interactive: Whether `chat` runs in a terminal, so may ask for what is missing.
    /// - Parameter ask: Asks a question, offering the default; `nil` at end of input.
    /// - Throws: The message `chat` prints, with the status it exits with.
    public func configuration(
        interactive: Bool,
        ask: (_ question: String, _ default: String?) -> String?
    ) throws(ChatCLIConfiguration.Problem) -> ChatCLIConfiguration {
        let rawURL =
            Self.resolve(self.url, environment: "CHAT_URL") ?? (interactive ? ask("Server URL", ServerURL.default.value) : nil)
            ?? ServerURL.default.value
        let url: ServerURL
        do throws(ServerURLError) {
            url = try ServerURL(rawURL)
        } catch {
            throw .init(error.description, .usage)
        }
        guard let rawName = Self.resolve(self.name, environment: "CHAT_NAME") ?? (interactive ? ask("Your name", nil) : nil) else {
            throw .init("a name is needed: pass --name NAME or set CHAT_NAME", .usage)
        }
        let name: UserName
        do throws(UserNameError) {
            name = try UserName(validating: rawName)
        } catch {
            throw .init(error.description, .invalidName)
        }
        var rooms: [String] = []
        for raw in self.room.isEmpty ? [Self.resolve(nil, environment: "CHAT_ROOM") ?? RoomName.lobby.value] : self.room {
            do throws(RoomNameError) {
                rooms.append(try RoomName(validating: raw).value)
            } catch {
                throw .init("--room \(raw): \(error)", .usage)
            }
        }
        let files = self.identityFiles
        let identity: Identity?
        let pins: ContactPins
        do throws(IdentityFiles.Problem) {
            identity = self.noIdentity ? nil : try files.loadIdentity()
            pins = self.noIdentity ? ContactPins() : try files.loadPins()
        } catch {
            throw .init("identity: \(error.description) (or connect with --no-identity)", .usage)
        }
        do throws(Secret.Problem) {
            return ChatCLIConfiguration(
                identity: identity,
                identityFiles: self.noIdentity ? nil : files,
                pins: pins,
                url: url,
                name: name.value,
                rooms: rooms,
                accessKey: try self.accessKey(inviteKey: url.inviteKey),
                passphrase: try self.passphraseFile.map { path throws(Secret.Problem) in try Secret.read(file: path, what: "passphrase") }
                    ?? environmentValue("CHAT_PASSPHRASE"),
                json: self.json,
                interactive: interactive,
                colors: environmentValue("NO_COLOR") == nil
            )
        } catch {
            throw .init(error.description, .usage)
        }
    }

    /// The access key: --key, --key-file, the invite link's, or CHAT_KEY, in that order.
    func accessKey(inviteKey: String?) throws(Secret.Problem) -> String? {
        if self.key != nil && self.keyFile != nil { throw Secret.Problem(description: "give the access key once: --key or --key-file") }
        if let key = self.key { return try Secret.accessKey(key, from: "--key") }
        if let path = self.keyFile { return try Secret.accessKey(Secret.read(file: path, what: "access key"), from: path) }
        if let key = inviteKey { return try Secret.accessKey(key, from: "the invite link") }
        if let key = environmentValue("CHAT_KEY") { return try Secret.accessKey(key, from: "CHAT_KEY") }
        return nil
    }

    /// A text option from its flag, else its environment variable (text always parses, so nothing throws).
    static func resolve(_ flag: String?, environment name: String) -> String? {
        try? resolveOptionalOption(flag, environment: name)
    }
}
