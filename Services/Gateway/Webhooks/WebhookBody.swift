import ChatConfig
import ChatProtocol
import Foundation

/// A webhook request's body (docs/PROTOCOL.md, "Incoming webhooks", Body): a JSON object with `text` (and
/// `name`, for the access key's holder), or, with any other type, the text itself.
struct WebhookBody: Equatable {
    /// The sender the body names; only the access key's holder may, and must.
    var name: String?
    /// The message, as UTF-8, not yet judged by the message rules.
    var text: [UInt8]

    /// Room a request's whole body may take beside its text: JSON's quotes, escapes and `name`.
    static let overheadBytes = 4096

    /// Reads `bytes` as its `Content-Type` says.
    init(bytes: [UInt8], contentType: String?) throws(WebhookAnswer) {
        guard Self.isJSON(contentType) else {
            guard String(validating: bytes, as: UTF8.self) != nil else { throw .badRequest(.invalidText, "the text is not UTF-8") }
            self.init(name: nil, text: bytes)
            return
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw WebhookAnswer(.unsupportedMediaType, .badRequest, "a JSON body must be UTF-8")
        }
        struct Fields: Decodable {
            var name: String?
            var text: String?
        }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            throw .badRequest(.badRequest, "the body is not a JSON object with a string \"text\" (and \"name\")")
        }
        guard let text = fields.text else { throw .badRequest(.badRequest, "the body has no \"text\"") }
        self.init(name: fields.name, text: Array(text.utf8))
    }

    init(name: String?, text: [UInt8]) {
        self.name = name
        self.text = text
    }

    /// `application/json`, with or without parameters, in any case.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() }
        return mediaType == "application/json"
    }
}
