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

    @Test func pollingReportsWhichSocketIsReadable() throws {
        let context = try ZMQContext()
        let quiet = try ZMQSocket(context, .pair)
        try quiet.bind("inproc://a")
        let busy = try ZMQSocket(context, .pair)
        try busy.bind("inproc://b")
        let sender = try ZMQSocket(context, .pair)
        try sender.connect("inproc://b")
        try sender.send([1])
        var poller = ZMQPoller([quiet, busy])
        #expect(try poller.poll(timeout: .seconds(5)))
        #expect(!poller.isReadable(0))
        #expect(poller.isReadable(1))
    }

    @Test func anAddedSocketIsFoundByItsItem() throws {
        let context = try ZMQContext()
        let quiet = try ZMQSocket(context, .pair)
        try quiet.bind("inproc://item-a")
        let busy = try ZMQSocket(context, .pair)
        try busy.bind("inproc://item-b")
        let sender = try ZMQSocket(context, .pair)
        try sender.connect("inproc://item-b")
        try sender.send([1])
        var poller = ZMQPoller()
        let quietItem = poller.add(quiet)
        let busyItem = poller.add(busy)
        #expect(try poller.poll(timeout: .seconds(5)))
        #expect(!poller.isReadable(quietItem))
        #expect(poller.isReadable(busyItem))
    }
}
