import Testing

@testable import ChatBench

@Test func keysKeepTheirOrderAndValuesTheirKind() {
    var inner = JSONLine()
    inner.add("p50", 12.0, decimals: 0)
    var json = JSONLine()
    json.add("scenario", "fanout")
    json.add("ok", true)
    json.add("clients", 100)
    json.add("rate", Double?.none)
    json.add("error", String?.none)
    json.add("pids", [Int32(1), 2])
    json.add("latency_us", inner)
    #expect(json.text == #"{"scenario":"fanout","ok":true,"clients":100,"rate":null,"error":null,"pids":[1,2],"latency_us":{"p50":12}}"#)
}

@Test func stringsAreEscaped() {
    var json = JSONLine()
    json.add("label", "a \"quoted\"\\ line\nand a \u{1}")
    #expect(json.text == #"{"label":"a \"quoted\"\\ line\nand a \u0001"}"#)
}

@Test func numbersAreRoundedAndNonFiniteIsNull() {
    #expect(JSONLine.number(1.23456, decimals: 3) == "1.235")
    #expect(JSONLine.number(2.0, decimals: 3) == "2")
    #expect(JSONLine.number(.infinity, decimals: 3) == "null")
    #expect(JSONLine.number(.nan, decimals: 3) == "null")
}

@Test func textBeyondASCIIPassesThroughAndEveryControlCharacterIsEscaped() {
    var json = JSONLine()
    json.add("label", "tab\there\r ünï 日本 🦊 \u{1F}\u{7F}")
    #expect(json.text == "{\"label\":\"tab\\there\\r ünï 日本 🦊 \\u001f\u{7F}\"}")
}
