/// Writes compact JSON straight into bytes, for the frames a gateway sends thousands of times a second.
///
/// `JSONEncoder` goes through `Codable` and a dictionary per object; this appends keys and values in a
/// fixed order with nothing in between. The output is plain RFC 8259 JSON that any decoder reads (the
/// tests decode it with `JSONDecoder` and compare it to the fixtures).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Per open container: whether the next value needs a comma before it.
    private var needsComma: [Bool] = []
    /// A key was just written; its value takes no comma.
    private var pendingValueAfterKey = false

    public init(capacity: Int = 256) {
        self.bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    public mutating func beginObject() {
        self.separate()
        self.bytes.append(UInt8(ascii: "{"))
        self.needsComma.append(false)
    }

    public mutating func endObject() {
        self.needsComma.removeLast()
        self.bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        self.separate()
        self.bytes.append(UInt8(ascii: "["))
        self.needsComma.append(false)
    }

    public mutating func endArray() {
        self.needsComma.removeLast()
        self.bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"key":` inside an object; the value must follow.
    public mutating func key(_ key: StaticString) {
        self.separate()
        self.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        self.pendingValueAfterKey = true
    }

    /// Writes a key that is not known at compile time (a room name in a map).
    public mutating func keyDynamic(_ key: String) {
        self.string(key)
        self.bytes.append(UInt8(ascii: ":"))
        self.pendingValueAfterKey = true
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        self.separate()
        var value = value
        value.withUTF8 { self.appendEscaped($0) }
    }

    /// A string whose bytes are already valid UTF-8 (a chat message's text, forwarded as received).
    public mutating func string(utf8 bytes: some Collection<UInt8>) {
        self.separate()
        var written = false
        bytes.withContiguousStorageIfAvailable { buffer in
            self.appendEscaped(buffer)
            written = true
        }
        if !written {
            Array(bytes).withUnsafeBufferPointer { self.appendEscaped($0) }
        }
    }

    public mutating func number(_ value: some BinaryInteger) {
        self.separate()
        self.bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite number; whole numbers are written without a fraction.
    public mutating func number(_ value: Double) {
        self.separate()
        if value.isFinite, value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            self.bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            self.bytes.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
        }
    }

    public mutating func bool(_ value: Bool) {
        self.separate()
        self.bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Appends a value that is already encoded JSON (a fragment built elsewhere, e.g. by the relay).
    public mutating func raw(_ json: some Collection<UInt8>) {
        self.separate()
        self.bytes.append(contentsOf: json)
    }

    /// Convenience: `"key":"value"`.
    public mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        self.string(value)
    }

    /// Convenience: `"key":number`.
    public mutating func field(_ key: StaticString, _ value: some BinaryInteger) {
        self.key(key)
        self.number(value)
    }

    /// Convenience: `"key":true`.
    public mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        self.bool(value)
    }

    /// Convenience: `"key":["a","b"]`.
    public mutating func field(_ key: StaticString, _ values: [String]) {
        self.key(key)
        self.beginArray()
        for value in values { self.string(value) }
        self.endArray()
    }

    // MARK: Private

    private mutating func separate() {
        if self.pendingValueAfterKey {
            self.pendingValueAfterKey = false
            self.needsComma[self.needsComma.count - 1] = true
            return
        }
        guard !self.needsComma.isEmpty else { return }
        if self.needsComma[self.needsComma.count - 1] { self.bytes.append(UInt8(ascii: ",")) }
        self.needsComma[self.needsComma.count - 1] = true
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(UInt8(ascii: "\""))
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            switch byte {
            case UInt8(ascii: "\""): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
            start = index + 1
        }
        self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        self.bytes.append(UInt8(ascii: "\""))
    }
}
