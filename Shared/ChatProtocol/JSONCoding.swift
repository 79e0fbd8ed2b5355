#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes one JSON object from bytes with Foundation's decoder; used for the rarer frames and by clients.
enum JSONCoding {
    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}

/// The members every frame may have before its type is known: enough to answer an error to the right id.
struct FrameHeader: Decodable {
    let type: String?
    let id: String?

    enum CodingKeys: CodingKey {
        case type
        case id
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try? container.decodeIfPresent(String.self, forKey: .type)
        self.id = try? container.decodeIfPresent(String.self, forKey: .id)
    }
}

extension DecodingError {
    /// A short, human description: which field is wrong and why.
    var shortDescription: String {
        func path(_ context: Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "frame" : keys.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return parent == "frame" ? "missing field \"\(key.stringValue)\"" : "missing field \"\(key.stringValue)\" in \(parent)"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(Self.describe(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default: return "invalid frame"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is UInt64.Type, is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "\(type)".lowercased().contains("array") ? "an array" : "an object"
        }
    }
}
