import ArgumentParser

/// Options every WebSocket scenario takes.
struct CommonOptions: ParsableArguments {
    @Option(
        parsing: .upToNextOption,
        help:
            "The server's WebSocket URL, e.g. ws://127.0.0.1:8000/ws (loopback hosts only); several spread the clients over them in turn (gateways of one chat)."
    )
    var url: [String]

    @Option(
        parsing: .upToNextOption,
        help: "Server process id(s) whose CPU time and memory to read from /proc (repeat or list several: gateway and relay)."
    )
    var serverPid: [Int32] = []

    @Option(help: "Free text copied into the report, e.g. the server's name.")
    var label: String = ""

    @Option(help: "Event-loop threads for the clients. One keeps the generator on one core.")
    var threads: Int = 1

    @Option(help: "Clients connecting at once.")
    var batch: Int = 500

    @Option(help: "Client names are this prefix and the client's number.")
    var namePrefix: String = "b"

    func validate() throws {
        guard !self.url.isEmpty else { throw ValidationError("--url is required") }
        for url in self.url { _ = try ServerAddress(url: url) }
        guard self.threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard self.batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard !self.namePrefix.isEmpty, !self.namePrefix.contains(":"), self.namePrefix.count <= 20 else {
            throw ValidationError("--name-prefix must be 1 to 20 characters without ':'")
        }
    }

    /// Every server, in the order given: client `i` connects to `servers[i % servers.count]`.
    var servers: [ServerAddress] { self.url.map { (try? ServerAddress(url: $0))! } }

    /// The first server: the one asked for its connection count.
    var server: ServerAddress { self.servers[0] }

    /// The keys every report starts with.
    func reportHeader(scenario: String) -> JSONLine {
        var json = JSONLine()
        json.add("scenario", scenario)
        json.add("label", self.label)
        json.add("url", self.servers.map(\.description).joined(separator: " "))
        json.add("threads", self.threads)
        json.add("batch", self.batch)
        json.add("server_pids", self.serverPid)
        return json
    }
}
