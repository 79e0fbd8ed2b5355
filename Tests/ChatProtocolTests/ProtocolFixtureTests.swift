import ChatProtocol
import Foundation
import Testing

@Suite struct ProtocolFixtureTests {
    @Test(arguments: Fixtures.names("client"))
    func clientFramesRoundTrip(name: String) throws {
        let bytes = try Fixtures.bytes("client", name)
        let message = try ClientMessage(decoding: bytes)
        #expect(try JSONValue(message.encoded()) == JSONValue(bytes), "re-encoding keeps every field")
        #expect(try ClientMessage(decoding: message.encoded()) == message)
    }

    @Test(arguments: Fixtures.names("server"))
    func serverFramesRoundTrip(name: String) throws {
        let bytes = try Fixtures.bytes("server", name)
        let message = try ServerMessage(decoding: bytes)
        #expect(try JSONValue(message.encoded()) == JSONValue(bytes), "re-encoding keeps every field")
        #expect(try ServerMessage(decoding: message.encoded()) == message)
    }

    struct InvalidFixture: Decodable {
        let frame: String
        let code: String
        let id: String?
    }

    @Test(arguments: Fixtures.names("invalid"))
    func invalidFramesGetTheDocumentedErrorCode(name: String) throws {
        let fixture = try JSONDecoder().decode(InvalidFixture.self, from: Data(Fixtures.bytes("invalid", name)))
        let error = #expect(throws: ClientMessageError.self) { try ClientMessage(decoding: Array(fixture.frame.utf8)) }
        #expect(error?.code.rawValue == fixture.code)
        #expect(error?.id == fixture.id)
        #expect(error?.message.isEmpty == false)
    }

    @Test func everyClientAndServerTypeHasAFixture() throws {
        func types(_ folder: String) throws -> Set<String> {
            Set(
                try Fixtures.names(folder).map { name in
                    guard case .object(let object) = try JSONValue(Fixtures.bytes(folder, name)), case .string(let type) = object["type"] else {
                        return ""
                    }
                    return type
                }
            )
        }
        #expect(
            try types("client") == [
                "hello", "prove", "say", "action", "share", "dm", "join", "leave", "who", "rename", "edit", "delete", "reaction", "typing", "read",
                "upload", "chunk", "file", "download",
            ]
        )
        #expect(
            try types("server") == [
                "welcome", "challenge", "message", "action", "share", "dm", "ack", "joined", "left", "presence", "members", "renamed", "error",
                "edit", "delete", "reaction", "typing", "read", "upload", "stored", "file", "file_data", "file_expired",
            ]
        )
        let codes = Set(
            try Fixtures.names("invalid").map { try JSONDecoder().decode(InvalidFixture.self, from: Data(Fixtures.bytes("invalid", $0))).code }
        )
        #expect(codes == ["bad_request", "unknown_type"])
    }
}
