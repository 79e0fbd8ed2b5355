import Testing

@testable import ChatBench

@Test func clientsAreSpreadOverRoomsOfAtMostTheRoomSize() {
    let plan = StormPlan(clients: 10_000, roomSize: 500)
    #expect(plan.rooms == 20)
    #expect(plan.room(ofClient: 0) == 0)
    #expect(plan.room(ofClient: 21) == 1)
    #expect(StormPlan(clients: 501, roomSize: 500).rooms == 2)
    #expect(StormPlan(clients: 1, roomSize: 500).rooms == 1)
}

@Test func messageNumbersGoRoundTheRoomsAndCountWithinEach() {
    let plan = StormPlan(clients: 1000, roomSize: 250)
    #expect(plan.place(ofMessage: 0) == (room: 0, index: 0))
    #expect(plan.place(ofMessage: 5) == (room: 1, index: 1))
    #expect(plan.place(ofMessage: 7) == (room: 3, index: 1))
}

@Test func aMessageNumberSurvivesItsText() {
    #expect(StormPlan.number(inText: StormPlan.text(ofMessage: 1234)) == 1234)
    #expect(StormPlan.number(inText: "hello") == nil)
    #expect(StormPlan.number(inText: "storm x") == nil)
}
