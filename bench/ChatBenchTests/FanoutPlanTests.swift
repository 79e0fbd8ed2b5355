import Testing

@testable import ChatBench

private let plan = FanoutPlan(clients: 10, senders: 3, messages: 5, payload: 100, window: 16, rate: nil, loops: 2, namePrefix: "b")

@Test func everyMessageReachesEveryClientButItsSender() {
    #expect(plan.expectedDeliveries == 3 * 5 * 9)
    #expect((0..<10).map(plan.expectedDeliveries(to:)).reduce(0, +) == plan.expectedDeliveries)
}

@Test func theLastClientObservesEveryoneButItself() {
    #expect(plan.observer(of: 0) == 9)
    #expect(plan.observer(of: 2) == 9)
    let everyoneSends = FanoutPlan(clients: 4, senders: 4, messages: 1, payload: 1, window: 1, rate: nil, loops: 1, namePrefix: "b")
    #expect(everyoneSends.observer(of: 3) == 0)
}

@Test func sendersAndObserversShareTheFirstLoop() {
    for client in [0, 1, 2, 9] { #expect(plan.loop(of: client) == 0) }
    #expect(plan.loop(of: 5) == 1)
    #expect((0..<2).flatMap(plan.clients(onLoop:)).sorted() == Array(0..<10))
}
