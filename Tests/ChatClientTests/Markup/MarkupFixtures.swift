import ChatClient
import Foundation
import Testing

/// Tests/Fixtures/protocol/markup.json and docs/shortcodes.json, which the web client tests too, read
/// into the parser's types.
enum MarkupFixtures {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let text: String
        let blocks: [Block]
        var testDescription: String { String(reflecting: self.text) }
    }

    struct Block: Decodable, Sendable {
        let block: MarkupBlock

        private struct Keys: Decodable {
            let paragraph: [Node]?
            let quote: [Node]?
            let code: String?
            let lang: String?
        }

        init(from decoder: any Decoder) throws {
            let keys = try Keys(from: decoder)
            if let nodes = keys.paragraph {
                self.block = .paragraph(nodes.map(\.node))
            } else if let nodes = keys.quote {
                self.block = .quote(nodes.map(\.node))
            } else if let code = keys.code {
                self.block = .code(code, language: keys.lang)
            } else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a block"))
            }
        }
    }

    struct Node: Decodable, Sendable {
        let node: MarkupNode

        private struct Keys: Decodable {
            let code, link, mention, emoji, shortcode: String?
            let bold, italic, strike: [Node]?
        }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self.node = .text(text)
                return
            }
            let keys = try Keys(from: decoder)
            if let code = keys.code {
                self.node = .code(code)
            } else if let link = keys.link {
                self.node = .link(link)
            } else if let mention = keys.mention {
                self.node = .mention(mention)
            } else if let emoji = keys.emoji, let shortcode = keys.shortcode {
                self.node = .emoji(emoji, shortcode: shortcode)
            } else if let nodes = keys.bold {
                self.node = .bold(nodes.map(\.node))
            } else if let nodes = keys.italic {
                self.node = .italic(nodes.map(\.node))
            } else if let nodes = keys.strike {
                self.node = .strike(nodes.map(\.node))
            } else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a node"))
            }
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        let data = try! Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/protocol/markup.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()

    static let shortcodes: [String: String] = {
        struct File: Decodable { let shortcodes: [String: String] }
        let data = try! Data(contentsOf: root.appendingPathComponent("docs/shortcodes.json"))
        return try! JSONDecoder().decode(File.self, from: data).shortcodes
    }()
}
