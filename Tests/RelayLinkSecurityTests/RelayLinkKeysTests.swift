import ChatConfig
import Foundation
import RelayLinkSecurity
import Testing
import ZeroMQ

@Suite(.timeLimit(.minutes(1))) struct RelayLinkKeysTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "relay-link-\(UInt64.random(in: 0...UInt64.max))/state"
    }

    @Test func theFirstStartMakesAKeyOnlyItsOwnerReadsAndLaterStartsReadTheSame() throws {
        let directory = self.temporaryDirectory()
        let (first, path) = try RelayLinkKeys.load(stateDirectory: directory)
        let (second, _) = try RelayLinkKeys.load(stateDirectory: directory)
        #expect(first.server == second.server && first.client == second.client)
        #expect(first.server.publicKey != first.client.publicKey)
        let file = try FileManager.default.attributesOfItem(atPath: path)
        let folder = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aKeyFileOthersMayReadIsRefused() throws {
        let directory = self.temporaryDirectory()
        let (_, path) = try RelayLinkKeys.load(stateDirectory: directory)
        chmod(path, 0o644)
        let error = #expect(throws: SecretFileError.self) { try RelayLinkKeys.load(stateDirectory: directory) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func differentSecretsMakeDifferentKeysAndOneSecretTheSameEverywhere() throws {
        let secret = [UInt8](repeating: 7, count: 32)
        #expect(try RelayLinkKeys(secret: secret).server == RelayLinkKeys(secret: secret).server)
        #expect(try RelayLinkKeys(secret: secret).client != RelayLinkKeys(secret: [UInt8](repeating: 8, count: 32)).client)
    }

    /// A CURVE server behind the ZAP handler, on loopback TCP: what the relay's collector is.
    final class Server {
        let context: ZMQContext
        let zap: ZAPHandler
        let router: ZMQSocket

        init(_ keys: RelayLinkKeys) throws {
            self.context = try ZMQContext()
            self.zap = try keys.makeZAPHandler(context: self.context) { _ in }
            self.router = try ZMQSocket(self.context, .router)
            try keys.secureServer(self.router, endpoint: "tcp://127.0.0.1:0")
            try self.router.bind("tcp://127.0.0.1:*")
        }

        /// Serves the ZAP handler and returns the first message the router gets within `timeout`, if any.
        func receive(within timeout: Duration) throws -> [UInt8]? {
            var poller = ZMQPoller([self.router, self.zap.socket])
            let deadline = ContinuousClock.now + timeout
            let message = ZMQMessage()
            while ContinuousClock.now < deadline {
                guard try poller.poll(timeout: deadline - .now) else { continue }
                if poller.isReadable(1) { try self.zap.answerRequests() }
                if poller.isReadable(0) {
                    try self.router.receive(into: message)  // the routing id
                    try self.router.receive(into: message)
                    return message.array
                }
            }
            return nil
        }
    }

    @Test func aClientWithTheClustersKeysIsHeardAndOneWithoutIsNot() throws {
        let keys = try RelayLinkKeys(secret: (0..<32).map { _ in UInt8.random(in: 0...255) })
        let server = try Server(keys)
        let endpoint = server.router.lastEndpoint

        let member = try ZMQSocket(server.context, .dealer)
        try keys.secureClient(member, endpoint: endpoint)
        try member.connect(endpoint)
        try member.send(Array("hello".utf8))
        #expect(try server.receive(within: .seconds(5)) == Array("hello".utf8))

        // Right server key, but a client key pair of its own: the ZAP handler refuses it.
        let stranger = try ZMQSocket(server.context, .dealer)
        let strangerKeys = try ZMQCurveKeyPair(secretKey: (0..<32).map { _ in UInt8.random(in: 0...255) })
        try stranger.makeCurveClient(strangerKeys, serverKey: keys.server.publicKey)
        try stranger.connect(endpoint)
        try stranger.send(Array("forged".utf8), dontWait: true)
        // No CURVE at all.
        let plain = try ZMQSocket(server.context, .dealer)
        try plain.connect(endpoint)
        try plain.send(Array("plain".utf8), dontWait: true)
        #expect(try server.receive(within: .seconds(1)) == nil)
    }
}
