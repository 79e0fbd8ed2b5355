import NIOCore

/// The text a sender sends and how a receiver reads it back, without Foundation or allocations.
///
/// A measured message is `"<sender> <number> <sent-ns> xxxx…"`, padded with `x` to the payload size;
/// a warm-up message is `"w <sender> xxxx…"`. The server delivers either as `"NAME: TEXT"` (plain mode),
/// so a receiver skips to the first `": "` and reads the decimal fields that follow.
enum BenchMessage {
    /// What a received text frame turned out to be.
    enum Parsed: Equatable {
        case message(sender: Int, number: Int, sentAt: UInt64)
        case warmup(sender: Int)
        /// `error: …`: the server refused something.
        case error
        /// Anything else (a server's join notice, a foreign message).
        case other
    }

    /// Writes a measured message of `payload` bytes (longer if the fields alone need more).
    static func writeMessage(sender: Int, number: Int, sentAt: UInt64, payload: Int, into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeDecimal(UInt64(sender))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeDecimal(UInt64(number))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeDecimal(sentAt)
        self.pad(&buffer, from: start, to: payload)
    }

    /// Writes a warm-up message of `payload` bytes.
    static func writeWarmup(sender: Int, payload: Int, into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(UInt8(ascii: "w"))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeDecimal(UInt64(sender))
        self.pad(&buffer, from: start, to: payload)
    }

    /// Most bytes a message can take beyond `payload`: three 20-digit fields and two spaces.
    static let maximumFieldBytes = 62

    private static func pad(_ buffer: inout ByteBuffer, from start: Int, to payload: Int) {
        let written = buffer.writerIndex - start
        guard written < payload else { return }
        buffer.writeInteger(UInt8(ascii: " "))
        if payload - written > 1 { buffer.writeRepeatingByte(UInt8(ascii: "x"), count: payload - written - 1) }
    }

    /// Reads a delivered frame, `"NAME: TEXT"`.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        let colon = UInt8(ascii: ":")
        let space = UInt8(ascii: " ")
        var index = 0
        while index < bytes.count && bytes[index] != colon { index += 1 }
        guard index + 2 < bytes.count, bytes[index + 1] == space else { return .other }
        if index == 5, bytes[0] == UInt8(ascii: "e"), bytes[1] == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "r"),
            bytes[3] == UInt8(ascii: "o"), bytes[4] == UInt8(ascii: "r")
        {
            return .error
        }
        var reader = DecimalReader(bytes: bytes, index: index + 2)
        if bytes[reader.index] == UInt8(ascii: "w") {
            reader.index += 1
            guard reader.skipSpace(), let sender = reader.read() else { return .other }
            return .warmup(sender: Int(sender))
        }
        guard let sender = reader.read(), reader.skipSpace(), let number = reader.read(), reader.skipSpace(), let sentAt = reader.read() else {
            return .other
        }
        return .message(sender: Int(sender), number: Int(number), sentAt: sentAt)
    }
}

/// Reads unsigned decimal numbers from a byte buffer.
private struct DecimalReader {
    let bytes: UnsafeRawBufferPointer
    var index: Int

    /// The decimal number at `index` (at least one digit, at most 19), moving past it.
    mutating func read() -> UInt64? {
        var value: UInt64 = 0
        let start = self.index
        while self.index < self.bytes.count, self.index - start < 19 {
            let digit = self.bytes[self.index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + UInt64(digit)
            self.index += 1
        }
        return self.index > start ? value : nil
    }

    mutating func skipSpace() -> Bool {
        guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: " ") else { return false }
        self.index += 1
        return true
    }
}

extension ByteBuffer {
    /// Appends `value` in decimal ASCII.
    mutating func writeDecimal(_ value: UInt64) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var index = digits.count
            var rest = value
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            self.writeBytes(UnsafeRawBufferPointer(rebasing: digits[index...]))
        }
    }
}
