import Foundation
import Testing

@testable import Gateway

@Suite struct StandardBase64Tests {
    @Test(arguments: [0, 1, 2, 3, 4, 5, 100, 32768])
    func anyBytesGoThereAndBackAsFoundationWritesThem(count: Int) throws {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let text = StandardBase64.encode(bytes[...])
        #expect(text == Data(bytes).base64EncodedString())
        #expect(StandardBase64.decode(text) == bytes)
        #expect(StandardBase64.decodedCount(text) == count)
    }

    @Test func aSliceIsEncodedFromItsOwnStart() {
        let bytes: [UInt8] = [9, 9, 0xFB, 0xFF]
        #expect(StandardBase64.encode(bytes[2...]) == "+/8=")
    }

    @Test(arguments: [
        "AAA",  // not a whole group of four
        "AA=A",  // padding inside
        "A===",  // three padding letters
        "AB==",  // stray bits before the padding
        "AAB=",
        "AA-_",  // base64url's letters
        "AA A",  // whitespace
        "====",
    ])
    func onlyTheOneTextOfABytesStringIsRead(text: String) {
        #expect(StandardBase64.decode(text) == nil)
    }

    @Test func theEmptyTextIsNoBytesAndTheCapacityBoundsWhatDecodes() {
        #expect(StandardBase64.decode("") == [])
        #expect(StandardBase64.decodedCapacity(letters: 8) == 6)
        #expect(StandardBase64.decode("AAAAAA==")?.count == 4)
    }
}
