import ChatProtocol
import Testing

@Suite struct Base64URLTests {
    @Test(arguments: [
        ([UInt8](), ""),
        ([0x66], "Zg"),
        ([0x66, 0x6F], "Zm8"),
        ([0x66, 0x6F, 0x6F], "Zm9v"),
        ([0xFB, 0xFF, 0xBF], "-_-_"),
    ])
    func bytesEncodeWithoutPaddingAndDecodeBack(bytes: [UInt8], text: String) {
        #expect(Base64URL.encode(bytes) == text)
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test(arguments: ["Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vZ", "Zh", "not*base64!", "Zm 9v"])
    func anythingButCanonicalBase64URLIsRefused(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
