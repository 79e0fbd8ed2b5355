import ChatClient
import Testing

@Suite struct RoomKeyDerivingTests {
    @Test func everyRoomOfAConfigurationGetsItsOwnKeyFromOnePassphrase() async throws {
        var configuration = ChatClient.Configuration(url: .default, name: "amy", rooms: ["lobby", "secret"])
        try await configuration.encryptRooms(passphrase: "correct horse battery staple")
        #expect(configuration.roomKeys.map(\.room) == ["lobby", "secret"])
        #expect(configuration.roomKeys[0].fingerprint == "95c5 9d43 39d0 b772", "the fingerprint docs/PROTOCOL.md shows")
        #expect(configuration.roomKeys[1].fingerprint != configuration.roomKeys[0].fingerprint)
    }
}
