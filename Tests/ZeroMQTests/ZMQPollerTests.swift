import Testing
import ZeroMQ

@Suite struct ZMQPollerTests {
    @Test func pollingNothingReadableTimesOut() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, .pair)
        try socket.bind("inproc://quiet")
        var poller = ZMQPoller([socket])
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try poller.poll(timeout: .milliseconds(50)) == false)
        #expect(clock.now - start >= .milliseconds(45))
        #expect(!poller.isReadable(0))
    }

    /// A quiet socket and a busy one (a frame waits on it), plus the busy one's peer, kept alive by the caller.
    static func quietAndBusy(_ context: ZMQContext, named name: String) throws -> (quiet: ZMQSocket, busy: ZMQSocket, peer: ZMQSocket) {
        let quiet = try ZMQSocket(context, .pair)
        try quiet.bind("inproc://\(name)-a")
        let busy = try ZMQSocket(context, .pair)
        try busy.bind("inproc://\(name)-b")
        let peer = try ZMQSocket(context, .pair)
        try peer.connect("inproc://\(name)-b")
        try peer.send([1])
        return (quiet, busy, peer)
    }

    @Test func pollingReportsWhichSocketIsReadable() throws {
        let context = try ZMQContext()
        let sockets = try Self.quietAndBusy(context, named: "index")
        var poller = ZMQPoller([sockets.quiet, sockets.busy])
        #expect(try poller.poll(timeout: .seconds(5)))
        #expect(!poller.isReadable(0))
        #expect(poller.isReadable(1))
    }

    @Test func anAddedSocketIsFoundByItsItem() throws {
        let context = try ZMQContext()
        let sockets = try Self.quietAndBusy(context, named: "item")
        var poller = ZMQPoller()
        let quietItem = poller.add(sockets.quiet)
        let busyItem = poller.add(sockets.busy)
        #expect(try poller.poll(timeout: .seconds(5)))
        #expect(!poller.isReadable(quietItem))
        #expect(poller.isReadable(busyItem))
    }
}
