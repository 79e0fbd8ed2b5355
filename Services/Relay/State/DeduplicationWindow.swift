/// Recently seen (session, client message id) pairs, so a resent message is acknowledged, not repeated.
///
/// A bounded FIFO: the oldest ids are forgotten first. A client resends after a reconnect, within
/// seconds, so a window of the last 100,000 messages is far wider than needed.
struct DeduplicationWindow: Sendable {
    struct Key: Hashable, Sendable {
        let session: String
        let clientMessageID: String
    }

    /// What the first delivery got, to acknowledge a resend the same way.
    struct Record: Hashable, Sendable {
        let room: String
        let roomSequence: UInt64
        let addressee: String
        let timestamp: UInt64
    }

    private var records: [Key: Record] = [:]
    private var order: [Key] = []
    private var start = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A window as a snapshot recorded it (``remembered``), oldest first.
    init(capacity: Int, remembered: [(Key, Record)]) {
        self.init(capacity: capacity)
        for (key, record) in remembered { self.remember(key, record) }
    }

    /// What is remembered, oldest first.
    var remembered: [(Key, Record)] {
        self.order[self.start...].map { ($0, self.records[$0]!) }
    }

    func record(for key: Key) -> Record? {
        self.records[key]
    }

    mutating func remember(_ key: Key, _ record: Record) {
        guard self.records.updateValue(record, forKey: key) == nil else { return }
        self.order.append(key)
        if self.order.count - self.start > self.capacity {
            self.records[self.order[self.start]] = nil
            self.start += 1
            if self.start > 1024 && self.start * 2 > self.order.count {
                self.order.removeFirst(self.start)
                self.start = 0
            }
        }
    }
}
