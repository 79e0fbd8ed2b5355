import ChatClient
import Testing

@Suite struct ServerURLTests {
    @Test(arguments: [
        ("ws://localhost:8000/ws", "ws://localhost:8000/ws"),
        ("ws://localhost:8000", "ws://localhost:8000/ws"),
        ("http://example.com/", "ws://example.com/ws"),
        ("https://abc.ngrok.app", "wss://abc.ngrok.app/ws"),
        ("  wss://chat.example/ws  ", "wss://chat.example/ws"),
        ("ws://[::1]:8000/ws", "ws://[::1]:8000/ws"),
    ])
    func usableURLsAreNormalised(raw: String, expected: String) throws {
        #expect(try ServerURL(raw).value == expected)
    }

    @Test(arguments: ["", "localhost:8000", "ftp://x/ws", "ws://", "ws://:8000/ws", "ws://host:99999/ws", "ws://host:x/ws"])
    func unusableURLsAreRefusedWithAReason(raw: String) {
        #expect(throws: ServerURLError.self) { try ServerURL(raw) }
    }

    @Test func backoffGrowsToItsMaximumWithJitterAndResets() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        let delays = (0..<8).map { _ in backoff.next() }
        #expect(delays[0] >= .milliseconds(50) && delays[0] <= .milliseconds(150))
        #expect(delays.allSatisfy { $0 <= .milliseconds(1500) })
        #expect(delays[7] >= .milliseconds(500))
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(150))
    }
}

@Suite struct InviteLinkTests {
    @Test func anInviteLinkGivesTheWebSocketURLAndItsKey() throws {
        let url = try ServerURL("https://chat.example.org/#key=AbCdEfGhIjKlMnOpQrStUv-_.~")
        #expect(url.value == "wss://chat.example.org/ws")
        #expect(url.inviteKey == "AbCdEfGhIjKlMnOpQrStUv-_.~")
        #expect(!url.description.contains("AbCd"))
    }

    @Test func aFragmentWithoutAKeyIsDropped() throws {
        let url = try ServerURL("http://localhost:8000/#room=lobby")
        #expect(url.value == "ws://localhost:8000/ws")
        #expect(url.inviteKey == nil)
        #expect(try ServerURL("ws://h/ws#x=1&key=k2").inviteKey == "k2")
    }

    @Test func aKeyInTheQueryIsSentButNeverShown() throws {
        let url = try ServerURL("ws://localhost:8000/ws?key=sixteen-chars-key&room=x")
        #expect(url.value == "ws://localhost:8000/ws?key=sixteen-chars-key&room=x")
        #expect(url.description == "ws://localhost:8000/ws?key=…&room=x")
        #expect(try ServerURL("ws://monkey=1/ws").description == "ws://monkey=1/ws", "only a key= parameter is hidden")
    }

    @Test func anInviteLinkCarriesARoomAndItsKeyNeverShown() throws {
        let url = try ServerURL("https://chat.example.org/#key=AbCdEfGhIjKlMnOpQrSt&room=dev&roomkey=ROOMKEY-abc_123")
        #expect(url.value == "wss://chat.example.org/ws" && url.inviteKey == "AbCdEfGhIjKlMnOpQrSt")
        #expect(url.inviteRoom == "dev" && url.inviteRoomKey == "ROOMKEY-abc_123")
        let shown = try ServerURL("ws://h/ws?roomkey=ROOMKEY-abc&x=1").description
        #expect(shown == "ws://h/ws?roomkey=…&x=1")
        #expect(try ServerURL("http://localhost:8000/#room=dev&roomkey=K").inviteKey == nil)
    }

    @Test func theInviteLinkOfARoomIsThePageOfTheServerWithTheKeysInItsFragment() throws {
        #expect(
            try ServerURL("ws://127.0.0.1:8000/ws").inviteLink(accessKey: nil, room: "dev", roomKey: "RK")
                == "http://127.0.0.1:8000/#room=dev&roomkey=RK"
        )
        #expect(
            try ServerURL("wss://chat.example.org/chat/ws?x=1").inviteLink(accessKey: "KEY", room: "dev", roomKey: "RK")
                == "https://chat.example.org/#key=KEY&room=dev&roomkey=RK"
        )
        let link = try ServerURL("ws://[::1]:9/ws").inviteLink(accessKey: nil, room: "a", roomKey: "b")
        #expect(try ServerURL(link).inviteRoom == "a" && (try ServerURL(link).value) == "ws://[::1]:9/ws")
    }

    @Test func aBadInviteLinkIsReportedWithoutItsKey() {
        let error = #expect(throws: ServerURLError.self) { try ServerURL("ftp://host/#key=secret-secret-secret") }
        #expect(error?.description.contains("secret") == false)
    }
}
