import ChatProtocol
import Foundation
import Testing

@Suite struct MentionTests {
    struct Cases: Decodable {
        struct Text: Decodable, Sendable {
            let text: String
            let mentions: [String]
        }
        struct Format: Decodable, Sendable {
            let name: String
            let token: String
        }
        let texts: [Text]
        let format: [Format]
    }

    static let cases = try! JSONDecoder().decode(Cases.self, from: Data(Fixtures.bytes(".", "mentions.json")))

    @Test(arguments: Self.cases.texts.map { ($0.text, $0.mentions) })
    func everySharedTextHoldsItsMentions(text: String, mentions: [String]) {
        #expect(Mention.names(in: text) == mentions)
    }

    @Test(arguments: Self.cases.format.map { ($0.name, $0.token) })
    func completionInsertsTheSharedToken(name: String, token: String) {
        #expect(Mention.token(for: name) == token)
        #expect(Mention.names(in: "hi " + token + " there") == [name], "the token is read back as the name")
    }

    @Test func mentionsMatchRegardlessOfCase() {
        #expect(Mention.mentions("bob", in: "thanks @Bob"))
        #expect(Mention.mentions("Bob Smith", in: "@:bob smith: hi"))
        #expect(!Mention.mentions("bob", in: "@bobby"))
        #expect(!Mention.mentions("bob", in: "bob@example.org"))
    }
}
