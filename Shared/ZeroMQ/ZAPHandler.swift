import CZeroMQ

/// The ZeroMQ Authentication Protocol handler of one context (RFC 27, zguide chapter 5 "CurveZMQ"):
/// accepts a CURVE handshake only from a client whose public key it was given.
///
/// libzmq puts every handshake on a CURVE server socket of the context to the socket bound at
/// `inproc://zeromq.zap.01`, and waits for the answer. The owning loop polls ``socket`` and calls
/// ``answerRequests()``; handshakes wait meanwhile, nothing else does. Bind it before any CURVE server
/// socket, and keep it as long as they live: without a handler, libzmq accepts every key.
public final class ZAPHandler {
    public static let endpoint = "inproc://zeromq.zap.01"

    public let socket: ZMQSocket
    private let allowedKeys: [[UInt8]]
    private let frame = ZMQMessage()
    /// Called with each refused handshake's peer address, for logging and counting.
    private let onRefusal: (String) -> Void

    public init(context: ZMQContext, allowedKeys: [[UInt8]], onRefusal: @escaping (String) -> Void = { _ in }) throws(ZMQError) {
        self.socket = try ZMQSocket(context, .router)
        try self.socket.bind(Self.endpoint)
        self.allowedKeys = allowedKeys
        self.onRefusal = onRefusal
    }

    /// Answers every waiting request without blocking.
    public func answerRequests() throws(ZMQError) {
        while try self.socket.receive(into: self.frame, dontWait: true) {
            var frames = [self.frame.array]
            while self.frame.hasMore, frames.count < 16 {
                try self.socket.receive(into: self.frame)
                frames.append(self.frame.array)
            }
            try self.socket.discardRemainingFrames(of: self.frame)
            try self.answer(frames)
        }
    }

    /// `frames`: the requester's routing id and the empty delimiter (a ROUTER's envelope), then version,
    /// request id, domain, address, routing id, mechanism and the credentials (RFC 27).
    private func answer(_ frames: [[UInt8]]) throws(ZMQError) {
        guard frames.count >= 9, frames[1].isEmpty else { return }
        let request = Array(frames[2...])
        let allowed =
            request[0] == Array("1.0".utf8) && request[5] == Array("CURVE".utf8) && request.count == 7
            && self.allowedKeys.contains(request[6])
        if !allowed { self.onRefusal(String(decoding: request[3], as: UTF8.self)) }
        let status = allowed ? ("200", "OK") : ("400", "unknown key")
        let reply: [[UInt8]] = [
            frames[0], [], Array("1.0".utf8), request[1], Array(status.0.utf8), Array(status.1.utf8), [], [],
        ]
        for (index, part) in reply.enumerated() {
            _ = try self.socket.send(part, more: index < reply.count - 1, dontWait: true)
        }
    }
}
