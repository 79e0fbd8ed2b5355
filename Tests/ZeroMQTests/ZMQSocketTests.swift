import CZeroMQ
import Testing
import ZeroMQ

@Suite struct ZMQSocketTests {
    let context: ZMQContext

    init() throws {
        self.context = try ZMQContext()
    }

    func pair(_ name: String) throws -> (ZMQSocket, ZMQSocket) {
        let server = try ZMQSocket(self.context, .pair)
        try server.bind("inproc://\(name)")
        let client = try ZMQSocket(self.context, .pair)
        try client.connect("inproc://\(name)")
        return (server, client)
    }

    @Test func aFrameSentIsReceivedWhole() throws {
        let (server, client) = try self.pair("whole")
        try client.send(Array("hello".utf8))
        let message = ZMQMessage()
        try server.receive(into: message)
        #expect(message.array == Array("hello".utf8))
        #expect(!message.hasMore)
    }

    @Test func receivingWithoutWaitingReportsNothingWaiting() throws {
        let (server, _) = try self.pair("empty")
        #expect(try server.receive(into: ZMQMessage(), dontWait: true) == false)
    }

    @Test func multipartFramesKeepTheirBoundaries() throws {
        let (server, client) = try self.pair("multipart")
        try client.send([1, 2], more: true)
        try client.send([3])
        let message = ZMQMessage()
        try server.receive(into: message)
        #expect(message.array == [1, 2] && message.hasMore)
        try server.receive(into: message)
        #expect(message.array == [3] && !message.hasMore)
    }

    @Test func aReceivedMessageIsForwardedWithoutCopyingAndCanBeEditedInPlace() throws {
        let (server, client) = try self.pair("forward")
        let (sink, source) = try self.pair("forward-out")
        try client.send([0, 0, 7])
        let message = ZMQMessage()
        try server.receive(into: message)
        message.bytes[0] = 42
        try source.send(message)
        #expect(message.count == 0, "a sent message is left empty")
        try sink.receive(into: message)
        #expect(message.array == [42, 0, 7])
    }

    @Test func aRouterSeesTheDealersRoutingIDAndCanAnswerIt() throws {
        let router = try ZMQSocket(self.context, .router)
        try router.bind("inproc://router")
        let dealer = try ZMQSocket(self.context, .dealer)
        try dealer.setRoutingID(Array("gw-1".utf8))
        try dealer.connect("inproc://router")
        try dealer.send([9])
        let message = ZMQMessage()
        try router.receive(into: message)
        #expect(message.array == Array("gw-1".utf8) && message.hasMore)
        try router.receive(into: message)
        #expect(message.array == [9])
        try router.send(Array("gw-1".utf8), more: true)
        try router.send([10])
        try dealer.receive(into: message)
        #expect(message.array == [10])
    }

    @Test func aMandatoryRouterRefusesUnknownPeers() throws {
        let router = try ZMQSocket(self.context, .router)
        try router.setRouterMandatory(true)
        try router.bind("inproc://mandatory")
        #expect(throws: ZMQError(errno: EHOSTUNREACH)) {
            try router.send(Array("nobody".utf8), more: true, dontWait: true)
        }
    }

    @Test func bindingATakenPortThrowsAddressInUse() throws {
        let first = try ZMQSocket(self.context, .publisher)
        try first.bind("tcp://127.0.0.1:*")
        let second = try ZMQSocket(self.context, .publisher)
        #expect(throws: ZMQError(errno: EADDRINUSE)) { try second.bind(first.lastEndpoint) }
    }

    @Test func aWildcardBindReportsTheChosenPort() throws {
        let socket = try ZMQSocket(self.context, .publisher)
        try socket.bind("tcp://127.0.0.1:*")
        let port = Int(socket.lastEndpoint.split(separator: ":").last ?? "")
        #expect(port != nil && port! > 0)
    }

    @Test func anInvalidEndpointIsAnError() throws {
        let socket = try ZMQSocket(self.context, .subscriber)
        #expect(throws: ZMQError.self) { try socket.connect("nonsense://x") }
    }

    @Test func aSubscriberReceivesWhatIsPublishedOnceSubscribed() throws {
        let publisher = try ZMQSocket(self.context, .publisher)
        try publisher.bind("inproc://pubsub")
        let subscriber = try ZMQSocket(self.context, .subscriber)
        try subscriber.subscribe()
        try subscriber.connect("inproc://pubsub")
        // The slow-joiner effect: publish until the subscription is live, then expect the next one.
        var poller = ZMQPoller([subscriber])
        var live = false
        for _ in 0..<100 where !live {
            try publisher.send([0])
            live = try poller.poll(timeout: .milliseconds(10))
        }
        #expect(live)
        let message = ZMQMessage()
        while try subscriber.receive(into: message, dontWait: true) {}
        try publisher.send([1])
        try subscriber.receive(into: message)
        #expect(message.array == [1])
    }

    @Test func errorsDescribeThemselves() {
        #expect(ZMQError(errno: EADDRINUSE).description == "Address already in use")
        #expect(ZMQError(errno: EAGAIN).isWouldBlock)
    }
}
