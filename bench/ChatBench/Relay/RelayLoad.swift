import RelayProtocol
import ZeroMQ

/// Says `messages` chat messages through a relay as fast as it takes them and counts them published back.
///
/// At most `window` messages are sent but not yet seen on the subscriber, so neither the relay's
/// collector nor its publisher reaches a high-water mark (which would block or drop). Each `say` is one
/// pre-encoded envelope patched in place: its `trace` field carries the send time (the relay passes it
/// through, as gateways use it), and its text starts with the message number in 10 digits.
struct RelayLoad {
    let gateway: FakeGateway
    let room: String
    let name: String
    let messages: Int
    let payload: Int
    let window: Int
    /// `say`s per frame: 1 as gateways send them, more to measure the relay with batched input.
    let batch: Int

    /// What the subscriber saw.
    struct Outcome {
        var sent = 0
        var received = 0
        var duplicates = 0
        /// Published sequence numbers skipped on the stream (the relay's publisher dropped them).
        var sequenceGaps: UInt64 = 0
        var errorReplies = 0
        var firstError: String?
        var firstSend: UInt64 = 0
        var lastReceive: UInt64 = 0
        var timedOut = false
        var latency: LatencyRecorder
    }

    static let numberDigits = 10

    func run(until deadline: UInt64, highestLatencyMicroseconds: UInt64) throws -> Outcome {
        var outcome = Outcome(latency: LatencyRecorder(highestMicroseconds: highestLatencyMicroseconds))
        var text = [UInt8](repeating: UInt8(ascii: "x"), count: max(self.payload, Self.numberDigits + 1))
        text[Self.numberDigits] = UInt8(ascii: " ")
        var envelope = Envelope(kind: .say, origin: self.gateway.origin, room: self.room, sender: self.name, payload: text).encoded()
        let payloadOffset = EnvelopeLayout.headerSize + self.room.utf8.count + self.name.utf8.count
        let traceOffset = 64
        var frame: [UInt8] = []
        var seen = [UInt64](repeating: 0, count: (self.messages + 63) / 64)
        var lastSequence: UInt64 = 0
        let message = ZMQMessage()
        var poller = ZMQPoller([self.gateway.subscriber, self.gateway.control])

        while outcome.received < self.messages {
            let now = MonotonicClock.nanoseconds()
            if now >= deadline {
                outcome.timedOut = true
                break
            }
            self.gateway.beatIfDue()
            // Send while the window allows and the socket takes them, `batch` says to a frame.
            while outcome.sent < self.messages, outcome.sent - outcome.received < self.window {
                let count = min(self.batch, self.messages - outcome.sent)
                frame.removeAll(keepingCapacity: true)
                let sentAt = MonotonicClock.nanoseconds()
                if outcome.sent == 0 { outcome.firstSend = sentAt }
                for offset in 0..<count {
                    envelope.withUnsafeMutableBytes { bytes in
                        bytes.storeBytes(of: sentAt.littleEndian, toByteOffset: traceOffset, as: UInt64.self)
                        var number = outcome.sent + offset
                        for index in stride(from: payloadOffset + Self.numberDigits - 1, through: payloadOffset, by: -1) {
                            bytes[index] = UInt8(ascii: "0") + UInt8(number % 10)
                            number /= 10
                        }
                    }
                    frame.append(contentsOf: envelope)
                }
                guard try self.gateway.sender.send(frame, dontWait: true) else { break }
                outcome.sent += count
            }
            guard try poller.poll(timeout: .milliseconds(100)) else { continue }
            while try self.gateway.subscriber.receive(into: message, dontWait: true) {
                let frame = UnsafeRawBufferPointer(message.bytes)
                guard let ranges = try? EnvelopeBatch.ranges(in: frame) else { continue }
                for range in ranges {
                    let bytes = UnsafeRawBufferPointer(rebasing: frame[range])
                    guard let header = try? EnvelopeHeader(validating: bytes) else { continue }
                    guard header.kind == .message || header.kind == .presence else { continue }
                    if lastSequence != 0, header.sequence > lastSequence + 1 { outcome.sequenceGaps += header.sequence - lastSequence - 1 }
                    lastSequence = max(lastSequence, header.sequence)
                    guard header.kind == .message, header.origin == self.gateway.origin,
                        let number = Self.number(in: bytes, range: header.payloadRange), number < self.messages
                    else { continue }
                    let bit: UInt64 = 1 << UInt64(number % 64)
                    if seen[number / 64] & bit != 0 {
                        outcome.duplicates += 1
                        continue
                    }
                    seen[number / 64] |= bit
                    let receivedAt = MonotonicClock.nanoseconds()
                    outcome.received += 1
                    outcome.lastReceive = receivedAt
                    outcome.latency.record(nanoseconds: receivedAt > header.trace ? receivedAt - header.trace : 0)
                }
            }
            while try self.gateway.control.receive(into: message, dontWait: true) {
                guard let reply = try? Envelope(decoding: UnsafeRawBufferPointer(message.bytes)), reply.kind == .error else { continue }
                outcome.errorReplies += 1
                if outcome.firstError == nil { outcome.firstError = String(decoding: reply.payload, as: UTF8.self) }
            }
        }
        return outcome
    }

    /// The message number at the start of a `say` text.
    private static func number(in bytes: UnsafeRawBufferPointer, range: Range<Int>) -> Int? {
        guard range.count >= Self.numberDigits else { return nil }
        var number = 0
        for index in range.lowerBound..<(range.lowerBound + Self.numberDigits) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number * 10 + Int(digit)
        }
        return number
    }
}
