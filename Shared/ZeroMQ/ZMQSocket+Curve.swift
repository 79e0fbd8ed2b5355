import CZeroMQ

extension ZMQSocket {
    /// Makes this socket the CURVE server of its connections: peers must know `keys.publicKey`, and
    /// every handshake is put to the context's ZAP handler (``ZAPHandler``). Call before `bind`.
    ///
    /// libzmq accepts every client key when its context has no ZAP handler, so bind one first.
    public func makeCurveServer(_ keys: ZMQCurveKeyPair, domain: String) throws(ZMQError) {
        try self.setOption(ZMQ_CURVE_SERVER, Int32(1))
        try self.setOption(ZMQ_CURVE_SECRETKEY, bytes: keys.secretKey)
        try self.setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8))
    }

    /// Makes this socket a CURVE client of the server whose public key is `serverKey`, presenting
    /// `keys`. Call before `connect`.
    public func makeCurveClient(_ keys: ZMQCurveKeyPair, serverKey: [UInt8]) throws(ZMQError) {
        try self.setOption(ZMQ_CURVE_SERVERKEY, bytes: serverKey)
        try self.setOption(ZMQ_CURVE_PUBLICKEY, bytes: keys.publicKey)
        try self.setOption(ZMQ_CURVE_SECRETKEY, bytes: keys.secretKey)
    }
}
