import ChatConfig
import ChatProtocol
import Crypto
public import ZeroMQ

/// The relay link's keys: one cluster secret, shared by the relays and gateways of a cluster, from
/// which the CurveZMQ key pairs of both ends are derived (docs/PROTOCOL.md, "The relay link").
///
/// Relays are CURVE servers with the server key pair and admit only clients presenting the client key
/// pair (``makeZAPHandler(context:onRefusal:)``); gateways, and a relay towards its peer, are clients
/// that know the server's public key. So the link is encrypted, and both ends are authenticated: a
/// socket without the secret reads nothing and gets nothing accepted.
public struct RelayLinkKeys: Sendable {
    /// The file, in the state directory, holding the cluster secret.
    public static let fileName = "relay-link.key"
    /// The ZAP domain of the relays' sockets.
    static let domain = "private-chat"

    public let server: ZMQCurveKeyPair
    public let client: ZMQCurveKeyPair

    /// The keys derived from `secret` (32 bytes or more).
    public init(secret: [UInt8]) throws(ZMQError) {
        precondition(secret.count >= 32, "the cluster secret is at least 32 bytes")
        func derived(_ purpose: String) -> [UInt8] {
            let key = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: secret),
                info: Array("privchat/relay-link/\(purpose)".utf8),
                outputByteCount: 32
            )
            return key.withUnsafeBytes { Array($0) }
        }
        self.server = try ZMQCurveKeyPair(secretKey: derived("server"))
        self.client = try ZMQCurveKeyPair(secretKey: derived("client"))
    }

    /// Reads the cluster secret in `stateDirectory`, or makes it there on first start (the directory
    /// 0700, the file 0600). Returns the keys and the file's path.
    public static func load(stateDirectory: String) throws -> (keys: RelayLinkKeys, path: String) {
        try SecretFile.makeDirectory(stateDirectory)
        let path = "\(stateDirectory)/\(Self.fileName)"
        let (text, _) = try SecretFile.load(path: path) {
            var generator = SystemRandomNumberGenerator()
            return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        }
        guard let secret = Base64URL.decode(text), secret.count >= 32 else { throw RelayLinkKeysError.malformed(path) }
        return (try RelayLinkKeys(secret: secret), path)
    }

    /// The handler admitting the cluster's clients to the CURVE servers of `context`: make it before binding them.
    public func makeZAPHandler(context: ZMQContext, onRefusal: @escaping (String) -> Void) throws(ZMQError) -> ZAPHandler {
        try ZAPHandler(context: context, allowedKeys: [self.client.publicKey], onRefusal: onRefusal)
    }

    /// Makes `socket`, which will bind `endpoint`, a CURVE server; `inproc://` stays within the process and needs none.
    public func secureServer(_ socket: ZMQSocket, endpoint: String) throws(ZMQError) {
        guard Self.crossesProcesses(endpoint) else { return }
        try socket.makeCurveServer(self.server, domain: Self.domain)
    }

    /// Makes `socket`, which will connect to `endpoint`, a CURVE client of the cluster's relays.
    public func secureClient(_ socket: ZMQSocket, endpoint: String) throws(ZMQError) {
        guard Self.crossesProcesses(endpoint) else { return }
        try socket.makeCurveClient(self.client, serverKey: self.server.publicKey)
    }

    /// Whether traffic on `endpoint` leaves the process (everything but `inproc://`).
    public static func crossesProcesses(_ endpoint: String) -> Bool { !endpoint.hasPrefix("inproc://") }
}

/// Why the relay link's keys could not be read.
public enum RelayLinkKeysError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let path): "\(path) does not hold a relay link key (32 bytes in base64url); remove it to make a new one"
        }
    }
}
