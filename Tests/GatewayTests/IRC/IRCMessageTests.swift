import NIOCore
import Testing

@testable import Gateway

@Suite struct IRCMessageTests {
    static func parse(_ line: String) -> IRCMessage? { IRCMessage(parsing: Array(line.utf8)) }

    @Test func commandsAreUppercasedAndTheTrailingParameterKeepsItsSpaces() {
        #expect(Self.parse("privmsg #a :hello  there :)") == IRCMessage(command: "PRIVMSG", parameters: ["#a", "hello  there :)"]))
    }

    @Test func aClientsPrefixIsIgnoredAndSpacesBetweenParametersCollapse() {
        #expect(Self.parse(":ann!x@y  JOIN   #a,#b") == IRCMessage(command: "JOIN", parameters: ["#a,#b"]))
    }

    @Test func anEmptyTrailingParameterIsKept() {
        #expect(Self.parse("TOPIC #a :") == IRCMessage(command: "TOPIC", parameters: ["#a", ""]))
    }

    @Test func theFifteenthParameterTakesTheRestOfTheLine() {
        let message = Self.parse("X " + (1...16).map(String.init).joined(separator: " "))
        #expect(message?.parameters.count == 15)
        #expect(message?.parameters.last == "15 16")
    }

    @Test func aLineWithoutCommandIsNone() {
        #expect(Self.parse(":prefix-only") == nil)
    }

    @Test func httpRequestLinesAndHeadersLookLikeHTTP() {
        #expect(Self.parse("GET / HTTP/1.1")?.looksLikeHTTP == true)
        #expect(Self.parse("POST http://localhost:6667/ HTTP/1.1")?.looksLikeHTTP == true)
        #expect(Self.parse("Host: localhost:6667")?.looksLikeHTTP == true)
        #expect(Self.parse("CONNECT localhost:6667 HTTP/1.1")?.looksLikeHTTP == true)
        #expect(Self.parse("NICK GET")?.looksLikeHTTP == false)
        #expect(Self.parse("PRIVMSG #a :GET / HTTP/1.1")?.looksLikeHTTP == false)
    }

    @Test func serverLinesPutTheTrailingParameterAfterAColon() {
        let line = IRCLine.numeric("433", to: "*", ["ann"], trailing: "the name \"ann\" is taken")
        #expect(String(buffer: line) == ":private-chat 433 * ann :the name \"ann\" is taken\r\n")
        #expect(String(buffer: IRCLine.make(prefix: IRCLine.userPrefix("bob"), "JOIN", ["#a"])) == ":bob!chat@private-chat JOIN #a\r\n")
    }
}
