import NIOCore
import Testing

@testable import ChatBench

@Test func aMeasuredMessageIsPaddedToThePayloadAndReadBackAsDelivered() {
    var buffer = ByteBuffer()
    BenchMessage.writeMessage(sender: 12, number: 345, sentAt: 987_654_321_012, payload: 100, into: &buffer)
    #expect(buffer.readableBytes == 100)
    let delivered = "b12: " + buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes)!
    let parsed = Array(delivered.utf8).withUnsafeBytes { BenchMessage.parse($0) }
    #expect(parsed == .message(sender: 12, number: 345, sentAt: 987_654_321_012))
}

@Test func aMessageLongerThanThePayloadIsNotTruncated() {
    var buffer = ByteBuffer()
    BenchMessage.writeMessage(sender: 1, number: 2, sentAt: UInt64.max, payload: 5, into: &buffer)
    #expect(buffer.readableBytesView.elementsEqual("1 2 \(UInt64.max)".utf8))
}

@Test func aWarmupMessageIsReadBackAsWarmup() {
    var buffer = ByteBuffer()
    BenchMessage.writeWarmup(sender: 7, payload: 50, into: &buffer)
    #expect(buffer.readableBytes == 50)
    let delivered = "b7: " + buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes)!
    #expect(Array(delivered.utf8).withUnsafeBytes { BenchMessage.parse($0) } == .warmup(sender: 7))
}

@Test(arguments: [
    ("error: slow down: at most 20 messages per second; messages dropped", BenchMessage.Parsed.error),
    ("someone: hello there", .other),
    ("no separator at all", .other),
    ("b1:1 2 3", .other),
    ("* b1 waves", .other),
])
func framesThatAreNotBenchMessagesAreClassified(frame: String, expected: BenchMessage.Parsed) {
    #expect(Array(frame.utf8).withUnsafeBytes { BenchMessage.parse($0) } == expected)
}

@Test func decimalsAreWrittenWithoutLeadingZeros() {
    var buffer = ByteBuffer()
    for value: UInt64 in [0, 9, 10, 1_234_567, UInt64.max] {
        buffer.clear()
        buffer.writeDecimal(value)
        #expect(buffer.readString(length: buffer.readableBytes) == "\(value)")
    }
}
