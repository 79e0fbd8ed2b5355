import Crypto

/// A gateway's identity at the relays, and its proof: the ZeroMQ routing id of each of its sockets.
///
/// The routing id is 16 random bytes (the proof), a byte naming the socket and 4 random bytes naming
/// this socket apart from the ones it replaces (a new socket never meets its predecessor's connection
/// at the relay, which ignores a second connection with a routing id in use); the gateway id, which
/// every envelope's origin carries, is the first 8 bytes of the proof's SHA-256. The relay derives the
/// id from the connection an envelope came on and refuses an envelope whose origin differs, so nobody
/// can speak for another gateway, nor take its reply route, even holding the cluster's keys: the id is
/// public (it is in the relay's stream), but finding a proof for it takes 2^64 hashes, and the proof
/// travels only inside the CURVE-encrypted handshake.
public struct GatewayIdentity: Sendable {
    /// The gateway's sockets to a relay, each with its own routing id.
    public enum Socket: UInt8, Sendable {
        case sender = 0x73  // "s"
        case control = 0x63  // "c"
    }

    static let proofBytes = 16
    /// A routing id's length: the proof, the socket byte and the socket's own 4 bytes.
    public static let routingIDBytes = proofBytes + 5

    public let gatewayID: UInt64
    private let proof: [UInt8]

    /// A new identity, with a fresh random proof.
    public init() {
        var generator = SystemRandomNumberGenerator()
        while true {
            let proof = (0..<Self.proofBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let id = proof.withUnsafeBytes(Self.gatewayID(proof:))
            if id != 0 {  // 0 means "no gateway" in envelopes
                (self.proof, self.gatewayID) = (proof, id)
                return
            }
        }
    }

    /// A routing id for a new `socket` to set before it connects.
    public func routingID(for socket: Socket) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return self.proof + [socket.rawValue] + (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The gateway a connection with this routing id proves to be, or `nil` when it proves none.
    public static func gatewayID(provenBy routingID: UnsafeRawBufferPointer) -> UInt64? {
        guard routingID.count == Self.routingIDBytes, Socket(rawValue: routingID[Self.proofBytes]) != nil else { return nil }
        let id = Self.gatewayID(proof: UnsafeRawBufferPointer(rebasing: routingID[0..<Self.proofBytes]))
        return id == 0 ? nil : id
    }

    private static func gatewayID(proof: UnsafeRawBufferPointer) -> UInt64 {
        var hash = SHA256()
        hash.update(data: Array("privchat/gateway-id".utf8))
        hash.update(bufferPointer: proof)
        return hash.finalize().withUnsafeBytes { digest in digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
    }
}
