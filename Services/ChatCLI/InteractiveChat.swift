public import ChatClient
import ChatProtocol
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chat` in a terminal: messages scroll above an input line that keeps what is being typed.
///
/// One loop handles everything in order (keys, chat events, signals), so the screen is only ever
/// drawn from one place. Leaving by any way (`/quit`, Ctrl-D, Ctrl-C, SIGTERM, SIGHUP, an error)
/// restores the terminal.
public struct InteractiveChat {
    enum Input {
        case bytes([UInt8])
        case inputEnded
        case chat(ChatEvent)
        case clientEnded(ChatClientError?)
        case signal(UnixSignal)
        /// Something that went wrong away from the loop (deriving a key), to show.
        case problem(String)
    }

    let client: ChatClient
    let url: ServerURL
    /// The access key it connects with, for invite links.
    let accessKey: String?
    var formatter: MessageFormatter
    /// Ring the terminal bell when someone mentions the user.
    let rings: Bool

    public init(client: ChatClient, url: ServerURL, accessKey: String? = nil, colors: Bool, showsRefs: Bool = false, rings: Bool = true) {
        self.client = client
        self.url = url
        self.accessKey = accessKey
        self.formatter = MessageFormatter(colors: colors, showsRefs: showsRefs)
        self.rings = rings
    }

    public func run() async -> ExitStatus {
        guard let terminal = RawTerminal() else { return .usage }
        defer {
            terminal.restore()
            writeOut("\r\u{1B}[2K")
        }
        let (inputs, sink) = AsyncStream.makeStream(of: Input.self)
        let (passphrases, passphraseSink) = AsyncStream.makeStream(of: PassphraseRequest.self)
        defer { passphraseSink.finish() }
        // The one task outside the group below, cancelled on leaving but not awaited: leaving must not wait
        // for a connection attempt, which cannot be cancelled (the WebSocket client awaits NIO's connect and
        // the upgrade's answer, with no timeout for a server that accepts and never answers).
        let running = Task { [client] in sink.yield(.clientEnded(await client.runUntilEnded())) }
        defer { running.cancel() }
        return await withTaskGroup(of: Void.self) { group in
            // Each other source of input is a child that feeds the loop below; leaving the loop ends them all.
            group.addTask { [client] in
                for await event in client.events { sink.yield(.chat(event)) }
            }
            group.addTask {
                for await bytes in InputReader.bytes() { sink.yield(.bytes(bytes)) }
                sink.yield(.inputEnded)
            }
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup, .sigwinch) { sink.yield(.signal(signal)) }
            }
            group.addTask { [client] in
                // Keys are derived here, one after the other, so the screen stays responsive meanwhile.
                for await request in passphrases {
                    if let problem = await request.encrypt(client) { sink.yield(.problem(problem)) }
                }
            }
            defer { group.cancelAll() }
            var session = InteractiveSession(
                client: self.client,
                url: self.url,
                accessKey: self.accessKey,
                formatter: self.formatter,
                rings: self.rings,
                passphrases: passphraseSink
            )
            session.draw()
            for await input in inputs {
                if let status = await session.handle(input) {
                    session.leave()
                    await self.client.stop()
                    return status
                }
            }
            return .success
        }
    }
}
