import Testing

@testable import ChatBench

@Test func messagesInOrderAreNewAndARepeatIsADuplicate() {
    var ledger = ReceiptLedger()
    #expect(ledger.record(index: 0, seq: 3) == .new)
    #expect(ledger.record(index: 1, seq: 5) == .new)
    #expect(ledger.record(index: 1, seq: 5) == .duplicate)
    #expect(ledger.received == 2)
    #expect(ledger.duplicates == 1)
    #expect(ledger.outOfOrder == 0)
}

@Test func aMessageWhoseSequenceIsNotAboveThePreviousIsOutOfOrder() {
    var ledger = ReceiptLedger()
    #expect(ledger.record(index: 2, seq: 9) == .new)
    #expect(ledger.record(index: 1, seq: 7) == .newOutOfOrder)
    #expect(ledger.outOfOrder == 1)
    #expect(ledger.received == 2)
}

@Test func lostCountsTheExpectedMessagesThatNeverArrived() {
    var ledger = ReceiptLedger()
    for index in [0, 1, 2, 64, 130] { ledger.record(index: index, seq: UInt64(index + 1)) }
    #expect(ledger.lost(of: [0, 1, 2, 3, 64, 65, 130]) == 2)
    #expect(ledger.lost(of: []) == 0)
    #expect(!ledger.contains(1000))
}
