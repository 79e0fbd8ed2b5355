import ArgumentParser
import ChatCLI

/// `chat`: Private Chat in the terminal.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat from the terminal with a Private Chat server.",
        discussion: """
            In a terminal it is interactive: messages appear above the line you type; /help lists the commands \
            (/who, /join, /leave, /rooms, /msg, /me, /nick, /invite, /rekey, /send, /save, /quit). Without a URL or name it asks for them. It \
            reconnects by itself and resumes where it left off, so nothing is lost or shown twice.

            Conversations: /reply, /edit, /delete and /react take a message's number, #N (shown with /refs or --refs), \
            or act on the last message: /reply and /react on someone else's, /edit and /delete on yours. Replies show the \
            start of the message they answer, edits "(edited)", deletes "message deleted", reactions a line of \
            emoji, each with its count and who chose it (amy, bob). Who is typing shows beside the prompt. Your read marker is kept by the server across \
            devices and reconnects, and a "new since you last read" rule marks where you left off; --share-reads \
            lets the room see it. A message mentioning you (@NAME, or @:NAME: for names with spaces; Tab completes \
            names) is marked with a double chevron and rings the bell (--no-bell or /bell off: silent).

            Access key: a gateway started with an access key needs it: --key-file FILE, CHAT_KEY or --key KEY \
            (sent as "Authorization: Bearer KEY", never printed), or pass the invite link as the URL: \
            chat 'https://HOST/#key=KEY' connects to wss://HOST/ws with that key.

            Encrypted rooms: /join ROOM --encrypt encrypts a room end to end with a new random key, given to its \
            members sealed to their keys; /invite prints a link, https://HOST/#key=KEY&room=ROOM&roomkey=ROOM_KEY, that lets \
            a person in with `chat LINK` or a browser (the part after # is never sent to any server). When a member \
            leaves the room, the others make a new key that the leaver does not get; /rekey makes one at any time, \
            /add NAME gives NAME the key, /remove NAME makes a new key without them. Keys are kept across runs in the \
            keyring beside your identity (identity.keys, 0600; --no-keyring keeps them in memory only), so history \
            stays readable. With --passphrase-file FILE (or CHAT_PASSPHRASE) the --room rooms are encrypted with a \
            key derived from a passphrase and a random salt instead, and /join ROOM --passphrase asks for one without \
            echo; a weak passphrase is warned about. Compare the key fingerprint shown on joining (the lock line) with the \
            others. A message that cannot be opened shows as "[cannot decrypt: replayed, moved or changed]", one \
            sealed with a key you do not have as "[encrypted with a key you do not have]", and a plain one in an \
            encrypted room as "[not encrypted] TEXT"; with --json such messages carry "encrypted" (and "decrypted") \
            fields, and key changes are "room_key" lines. /msg is end-to-end encrypted whenever the other person's \
            keys are known; to someone without keys it is refused with a warning, and /msg! NAME TEXT sends it in \
            the clear. Encryption needs an identity key (not --no-identity). Names, rooms, times and sizes stay \
            visible to the server.

            Files: /send PATH sends a file or picture (~ is your home) to the current room, up to the largest \
            file the server takes; it goes up in chunks, sealed end to end first in an encrypted room, with a \
            progress line above the prompt, and goes on by itself after a reconnect. A shared \
            file shows as "bob shared cat.png (68 KiB) [#52]", and "(expired)" once the server no longer holds it; \
            /save 52 saves it in the current directory under its own name, /save 52 PATH to PATH (or into it, for a \
            directory). An existing file is never replaced: the new one becomes "cat (1).png". /cancel stops what \
            is being sent or saved. In a script /send and /save wait until they are done, and /save prints \
            "[room] saved #N NAME to PATH" (with --json, a "saved" line).

            When standard input is not a terminal it is scriptable: each line read is sent (slash commands work), \
            each message received is printed as "[room] name: text", and it exits once input ends and everything \
            sent was acknowledged, e.g.  echo hello | chat ws://localhost:8000/ws --name bot

            Identity: on first use chat makes an identity key (Ed25519) in $XDG_CONFIG_HOME/private-chat/identity, \
            else ~/.config/private-chat/identity (0600; --identity FILE or CHAT_IDENTITY for another). It proves your name to the server, which then keeps the \
            name for that key alone, and it signs every message you send. The keys of the people you meet are \
            pinned beside it (identity.pins): a message from a name whose key changed is marked "[key changed]" \
            with a warning, one whose signature fails "[invalid signature]", and (in a terminal; scripts leave it \
            out) one from a client without a key "[unsigned]". /verify NAME shows the safety number to compare with NAME, /verified NAME marks them \
            verified (with a check mark). To be the same person in the web GUI: chat --export-identity, and paste the line there.

            Colours are off when NO_COLOR is set or output is not a terminal.

            Exit codes: 0 done; 1 a message was refused or the session ended; 64 bad URL or usage; 65 the name \
            is not allowed; 67 the name is taken, or belongs to another person's identity key (the message suggests a free one); 69 the server cannot be reached \
            or is not a chat server; 77 access refused (a missing or wrong access key).
            """
    )

    @OptionGroup var options: ChatOptions

    func run() async throws {
        if self.options.exportIdentity && self.options.noIdentity {
            printError("chat: --export-identity and --no-identity do not go together\n")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if self.options.exportIdentity {
            do throws(IdentityFiles.Problem) {
                print(try self.options.identityFiles.loadIdentity().exported)
                return
            } catch {
                printError("chat: identity: \(error.description)\n")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        let configuration: ChatCLIConfiguration
        do throws(ChatCLIConfiguration.Problem) {
            configuration = try self.options.configuration(interactive: self.options.runsInTerminal, ask: ChatOptions.ask)
        } catch {
            printError("chat: \(error.description)\n")
            throw ExitCode(error.status.rawValue)
        }
        throw ExitCode(try await configuration.run().rawValue)
    }
}
