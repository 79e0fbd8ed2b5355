import RelayProtocol

/// Writes the relay's state as a flat little-endian byte string (see ``ChatState/snapshotBytes()``).
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        self.bytes.reserveCapacity(capacity)
    }

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        self.bytes.append(contentsOf: value.littleEndianBytesOfWidth)
    }

    mutating func bytes(_ value: [UInt8]) {
        self.integer(UInt32(value.count))
        self.bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) {
        self.bytes(Array(value.utf8))
    }

    mutating func origin(_ value: Origin) {
        self.integer(value.gateway)
        self.integer(value.connection)
    }
}

/// Reads what ``SnapshotWriter`` wrote; every read is bounds-checked, so a bad snapshot is an error.
struct SnapshotReader {
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "the relay snapshot is malformed" }
    }

    private let input: [UInt8]
    private var offset = 0

    init(_ input: [UInt8]) {
        self.input = input
    }

    var isAtEnd: Bool { self.offset == self.input.count }

    mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) throws(Malformed) -> T {
        let size = MemoryLayout<T>.size
        guard self.input.count - self.offset >= size else { throw Malformed() }
        let value = self.input.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: self.offset, as: T.self)) }
        self.offset += size
        return value
    }

    mutating func bytes() throws(Malformed) -> [UInt8] {
        let count = Int(try self.integer(UInt32.self))
        guard self.input.count - self.offset >= count else { throw Malformed() }
        defer { self.offset += count }
        return Array(self.input[self.offset..<self.offset + count])
    }

    mutating func string() throws(Malformed) -> String {
        String(decoding: try self.bytes(), as: UTF8.self)
    }

    mutating func origin() throws(Malformed) -> Origin {
        Origin(gateway: try self.integer(), connection: try self.integer())
    }

    /// A count of items that follow, each at least `minimumSize` bytes: checked against what is left,
    /// so a corrupt count cannot make the reader reserve absurd amounts.
    mutating func count(minimumSize: Int) throws(Malformed) -> Int {
        let count = Int(try self.integer(UInt32.self))
        guard count * max(1, minimumSize) <= self.input.count - self.offset else { throw Malformed() }
        return count
    }
}

extension FixedWidthInteger {
    fileprivate var littleEndianBytesOfWidth: [UInt8] {
        withUnsafeBytes(of: self.littleEndian, Array.init)
    }
}
