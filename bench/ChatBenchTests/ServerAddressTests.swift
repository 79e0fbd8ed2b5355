import ArgumentParser
import Testing

@testable import ChatBench

@Test(arguments: [
    ("ws://127.0.0.1:8000/ws", "127.0.0.1", 8000, "/ws"),
    ("ws://localhost:9000", "localhost", 9000, "/ws"),
    ("ws://[::1]:8001/ws?key=abc", "::1", 8001, "/ws?key=abc"),
    ("http://LOCALHOST:80/chat", "localhost", 80, "/chat"),
])
func loopbackURLsAreAccepted(url: String, host: String, port: Int, path: String) throws {
    let address = try ServerAddress(url: url)
    #expect(address == ServerAddress(host: host, port: port, path: path))
}

@Test(arguments: ["ws://10.0.0.1:8000/ws", "ws://example.com:8000/ws", "ws://127.0.0.2:8000/ws", "wss://localhost:8000/ws", "ws://localhost:0/ws"])
func otherURLsAreRefused(url: String) {
    #expect(throws: ValidationError.self) { try ServerAddress(url: url) }
}

@Test func relayAddressesMustBeLoopback() throws {
    try ServerAddress.checkLoopback(relay: "tcp://127.0.0.1:5555")
    try ServerAddress.checkLoopback(relay: "tcp://[::1]:5555")
    #expect(throws: ValidationError.self) { try ServerAddress.checkLoopback(relay: "tcp://relay:5555") }
}

@Test func theHostHeaderBracketsIPv6() throws {
    #expect(try ServerAddress(url: "ws://[::1]:8001/ws").hostHeader == "[::1]:8001")
    #expect(try ServerAddress(url: "ws://127.0.0.1:8001/ws").hostHeader == "127.0.0.1:8001")
}
