import Testing

@testable import ChatBench

@Test func inOrderDeliveriesAreNewAndRepeatsAreDuplicates() {
    var ledger = DeliveryLedger(receivers: 2, senders: 3)
    #expect(ledger.record(receiver: 1, sender: 2, number: 0) == .new)
    #expect(ledger.record(receiver: 1, sender: 2, number: 1) == .new)
    #expect(ledger.record(receiver: 1, sender: 2, number: 1) == .duplicate)
    #expect(ledger.record(receiver: 1, sender: 2, number: 0) == .duplicate)
    // Another pair is independent.
    #expect(ledger.record(receiver: 0, sender: 2, number: 1) == .new)
}

@Test func aLateMessageWithinTheWindowIsNewButOutOfOrder() {
    var ledger = DeliveryLedger(receivers: 1, senders: 1)
    #expect(ledger.record(receiver: 0, sender: 0, number: 0) == .new)
    #expect(ledger.record(receiver: 0, sender: 0, number: 5) == .new)
    #expect(ledger.record(receiver: 0, sender: 0, number: 3) == .newOutOfOrder)
    #expect(ledger.record(receiver: 0, sender: 0, number: 3) == .duplicate)
}

@Test func aMessageMoreThan64BehindCountsAsADuplicate() {
    var ledger = DeliveryLedger(receivers: 1, senders: 1)
    #expect(ledger.record(receiver: 0, sender: 0, number: 100) == .new)
    #expect(ledger.record(receiver: 0, sender: 0, number: 36) == .duplicate)
    #expect(ledger.record(receiver: 0, sender: 0, number: 37) == .newOutOfOrder)
}
