import CZeroMQ

/// A CurveZMQ key pair (Curve25519): 32-byte public and secret keys, as `zmq_curve(7)` uses them.
public struct ZMQCurveKeyPair: Sendable, Equatable {
    public let publicKey: [UInt8]
    public let secretKey: [UInt8]

    /// The key pair whose secret key is `secretKey` (any 32 bytes: Curve25519 clamps them).
    public init(secretKey: [UInt8]) throws(ZMQError) {
        precondition(secretKey.count == 32, "a Curve25519 secret key is 32 bytes")
        // zmq_curve_public speaks Z85 only: 40 characters and a NUL for 32 bytes.
        var secretText = [CChar](repeating: 0, count: 41)
        var publicText = [CChar](repeating: 0, count: 41)
        var publicKey = [UInt8](repeating: 0, count: 32)
        let derived = secretKey.withUnsafeBufferPointer { secret in
            zmq_z85_encode(&secretText, secret.baseAddress, 32) != nil && zmq_curve_public(&publicText, secretText) == 0
                && zmq_z85_decode(&publicKey, publicText) != nil
        }
        secretText.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        guard derived else { throw .last() }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Whether this libzmq was built with CURVE (Debian's is, with libsodium).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }
}
