import Testing

@testable import Gateway

@Suite struct GatewayConfigurationAnnouncementsTests {
    @Test func aGatewayOnAWildcardAddressIsAnnouncedAsLocalhost() {
        #expect(
            GatewayConfiguration(host: "0.0.0.0").runningAnnouncement(port: 8123)
                == "Private Chat is running: open http://localhost:8123/ in a browser, or connect to ws://localhost:8123/ws  (relay: embedded)"
        )
    }

    @Test func theIRCPortIsAnnouncedOnOneLineWithItsScheme() {
        var configuration = GatewayConfiguration(host: "0.0.0.0")
        #expect(configuration.ircAnnouncement(port: 6667) == "IRC clients: irc://localhost:6667; /join #lobby")
        configuration.tls = TLSFiles(certificateChain: "cert.pem", privateKey: "key.pem")
        #expect(configuration.ircAnnouncement(port: 6697) == "IRC clients: ircs://localhost:6697; /join #lobby")
    }

    @Test func tlsAnnouncesHttpsAndWss() {
        var configuration = GatewayConfiguration(host: "chat.example.org")
        configuration.tls = TLSFiles(certificateChain: "cert.pem", privateKey: "key.pem")
        #expect(
            configuration.runningAnnouncement(port: 443)
                == "Private Chat is running: open https://chat.example.org:443/ in a browser, "
                + "or connect to wss://chat.example.org:443/ws  (relay: embedded)"
        )
    }

    @Test func aPublicURLIsAnnouncedWithWhereItListensAndItsRelays() {
        var configuration = GatewayConfiguration(relay: .tcp(host: "a", port: 5555), publicURL: "wss://chat.example.org/ws")
        configuration.backupRelay = .tcp(host: "b", port: 5555)
        #expect(
            configuration.runningAnnouncement(port: 8000)
                == "Private Chat is running: connect to wss://chat.example.org/ws  "
                + "(listening on 127.0.0.1:8000; relay: tcp://a:5555, backup tcp://b:5555)"
        )
    }

    @Test func aGeneratedKeyIsAnnouncedInTheLinksOnATerminal() {
        var configuration = GatewayConfiguration()
        configuration.inviteKey = "a-key-for-the-tests-0123"
        configuration.announcesInviteKey = true
        #expect(
            configuration.publicAnnouncement(Self.address, toTerminal: true)
                == "Private Chat is public: open https://abc.ngrok.app/#key=a-key-for-the-tests-0123 in a browser, "
                + "or connect to wss://abc.ngrok.app/ws?key=a-key-for-the-tests-0123  (via ngrok; the key is required: share it only with your group)"
        )
    }

    @Test func aGeneratedKeyIsNeverPrintedWhereItCouldBeLoggedButItsFileIsNamed() {
        var configuration = GatewayConfiguration()
        configuration.inviteKey = "a-key-for-the-tests-0123"
        configuration.announcesInviteKey = true
        configuration.inviteKeyFile = "/var/lib/chat/keys/tunnel-key"
        #expect(
            configuration.publicAnnouncement(Self.address, toTerminal: false)
                == "Private Chat is public: open https://abc.ngrok.app/ in a browser, or connect to wss://abc.ngrok.app/ws  "
                + "(via ngrok; the key is required: it is in /var/lib/chat/keys/tunnel-key)"
        )
        configuration.inviteKeyFile = nil
        #expect(!configuration.publicAnnouncement(Self.address, toTerminal: false).contains("a-key-for-the-tests-0123"))
        #expect(configuration.publicAnnouncement(Self.address, toTerminal: false).hasSuffix("keep it in a file with --tunnel-key-file)"))
    }

    @Test func aKeyThisGatewayDidNotMakeIsNotPrintedEvenOnATerminal() {
        var configuration = GatewayConfiguration()
        configuration.inviteKey = "a-key-for-the-tests-0123"
        configuration.inviteKeyFile = "shared-key"
        #expect(!configuration.publicAnnouncement(Self.address, toTerminal: true).contains("a-key-for-the-tests-0123"))
        #expect(
            GatewayConfiguration().publicAnnouncement(Self.address, toTerminal: true)
                == "Private Chat is public: open https://abc.ngrok.app/ in a browser, or connect to wss://abc.ngrok.app/ws  (via ngrok)"
        )
    }

    static let address = PublicAddress.Value(page: "https://abc.ngrok.app/", webSocket: "wss://abc.ngrok.app/ws", source: "ngrok")
}
