import Foundation
@testable import RelayProtocol
import Testing

/// The byte-exact fixtures in Tests/Fixtures/envelope, which docs/PROTOCOL.md documents.
@Suite struct EnvelopeFixtureTests {
    struct Fixture: Decodable {
        struct Fields: Decodable {
            let kind: String
            let flags: UInt16
            let epoch: String
            let sequence: UInt64
            let roomSequence: UInt64
            let timestamp: UInt64
            let gateway: String
            let connection: UInt64
            let trace: UInt64
            let room: String
            let sender: String
            let target: String
            let clientMessageID: String
            let payload: String
        }
        let envelope: Fields
        let hex: String
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/envelope")

    static var names: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".json") }.sorted() ?? []
    }

    static func load(_ name: String) throws -> (Envelope, [UInt8]) {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
        let fields = fixture.envelope
        let kind = try #require(EnvelopeKind.allCases.first { "\($0)" == fields.kind })
        let envelope = Envelope(
            kind: kind,
            flags: EnvelopeFlags(rawValue: fields.flags),
            epoch: try #require(UInt64(fields.epoch, radix: 16)),
            sequence: fields.sequence,
            roomSequence: fields.roomSequence,
            timestamp: fields.timestamp,
            origin: Origin(gateway: try #require(UInt64(fields.gateway, radix: 16)), connection: fields.connection),
            trace: fields.trace,
            room: fields.room,
            sender: fields.sender,
            target: fields.target,
            clientMessageID: fields.clientMessageID,
            payload: try bytes(hex: fields.payload)
        )
        return (envelope, try bytes(hex: fixture.hex))
    }

    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw CocoaError(.coderInvalidValue) }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw CocoaError(.coderInvalidValue)
            }
            return byte
        }
    }

    @Test func everyKindWithAFixtureIsCovered() {
        #expect(Self.names.count >= 4)
    }

    @Test(arguments: Self.names)
    func encodingMatchesTheFixtureByteForByte(name: String) throws {
        let (envelope, bytes) = try Self.load(name)
        #expect(envelope.encoded() == bytes)
    }

    @Test(arguments: Self.names)
    func decodingTheFixtureGivesItsFields(name: String) throws {
        let (envelope, bytes) = try Self.load(name)
        #expect(try Envelope(decoding: bytes) == envelope)
    }
}
