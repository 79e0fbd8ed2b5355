import Testing

@testable import Gateway

/// A webhook's body (docs/PROTOCOL.md, "Incoming webhooks", Body): JSON, or the text itself.
@Suite struct WebhookBodyTests {
    static func read(_ text: String, _ type: String?) throws(WebhookAnswer) -> WebhookBody {
        try WebhookBody(bytes: Array(text.utf8), contentType: type)
    }

    @Test func aJSONObjectGivesTheTextAndTheNameAndUnknownFieldsAreIgnored() throws {
        let body = try Self.read(#"{"name":"ci","text":"build 41 \u00e9 passed","colour":"green"}"#, "Application/JSON; charset=utf-8")
        #expect(body == WebhookBody(name: "ci", text: Array("build 41 é passed".utf8)))
    }

    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded", "application/jsonp"])
    func anyOtherTypeIsTheTextItself(type: String?) throws {
        #expect(try Self.read(#"{"text":"x"}"#, type) == WebhookBody(name: nil, text: Array(#"{"text":"x"}"#.utf8)))
    }

    @Test(arguments: ["not json", "[1]", #"{"name":"ci"}"#, #"{"text":5}"#, #"{"text":null}"#, ""])
    func aJSONBodyWithoutAStringTextIsABadRequest(text: String) {
        do {
            _ = try Self.read(text, "application/json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.status == .badRequest && error.code == "bad_request")
        }
    }

    @Test func aJSONBodyThatIsNotUTF8IsAnUnsupportedMediaType() {
        do {
            _ = try WebhookBody(bytes: [0x7B, 0xFF, 0x7D], contentType: "application/json")
            Issue.record("accepted")
        } catch {
            #expect(error.status == .unsupportedMediaType)
        }
    }

    @Test func aPlainBodyThatIsNotUTF8IsInvalidText() {
        do {
            _ = try WebhookBody(bytes: [0xC3, 0x28], contentType: "text/plain")
            Issue.record("accepted")
        } catch {
            #expect(error.status == .badRequest && error.code == "invalid_text")
        }
    }
}
