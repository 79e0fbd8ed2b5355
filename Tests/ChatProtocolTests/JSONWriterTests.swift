import ChatProtocol
import Foundation
import Testing

@Suite struct JSONWriterTests {
    @Test func stringsAreEscapedAsJSONRequires() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("text", "quote \" backslash \\ newline \n tab \t bell \u{07} é 👋")
        writer.endObject()
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(writer.bytes))
        #expect(decoded["text"] == "quote \" backslash \\ newline \n tab \t bell \u{07} é 👋")
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains("\\u0007"))
    }

    @Test func nestedContainersGetCommasInTheRightPlaces() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a", 1)
        writer.key("b")
        writer.beginArray()
        writer.number(2)
        writer.beginObject()
        writer.endObject()
        writer.string("x")
        writer.endArray()
        writer.keyDynamic("room-1")
        writer.bool(true)
        writer.key("c")
        writer.raw(Array(#"{"k":[]}"#.utf8))
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":1,"b":[2,{},"x"],"room-1":true,"c":{"k":[]}}"#)
    }

    @Test func wholeDoublesHaveNoFraction() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.number(20.0)
        writer.number(0.5)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[20,0.5]")
    }
}
