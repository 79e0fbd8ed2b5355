import ChatProtocol
import Testing

@testable import Relay

@Suite struct FileOrderTests {
    @Test func theOldestOfAnyoneAndOfEachOwnerSkipWhatWasRemoved() {
        var order = FileOrder()
        let ids = (0..<4).map { _ in FileID.random() }
        for (index, id) in ids.enumerated() { order.append(id, owner: index.isMultiple(of: 2) ? "al" : "bo") }
        #expect(order.oldest() == ids[0] && order.oldest(of: "bo") == ids[1])
        order.remove(ids[0])
        order.remove(ids[1])
        #expect(order.oldest() == ids[2] && order.oldest(of: "bo") == ids[3] && order.oldest(of: "al") == ids[2])
        #expect(order.all == [ids[2], ids[3]] && order.count == 2)
    }

    @Test func anIdAddedAgainIsNewestAndItsEarlierPlaceIsSkipped() {
        var order = FileOrder()
        let (a, b) = (FileID.random(), FileID.random())
        order.append(a, owner: "al")
        order.append(b, owner: "al")
        order.remove(a)
        order.append(a, owner: "al")
        #expect(order.oldest() == b && order.all == [b, a])
    }

    @Test func manyRemovalsKeepTheQueueCompact() {
        var order = FileOrder()
        let kept = FileID.random()
        order.append(kept, owner: "al")
        for _ in 0..<10_000 {
            let id = FileID.random()
            order.append(id, owner: "bo")
            order.remove(id)
        }
        #expect(order.oldest() == kept && order.all == [kept] && order.count == 1)
    }
}
