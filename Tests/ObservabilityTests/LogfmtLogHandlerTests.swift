import Testing

@testable import Observability

@Suite struct LogfmtLogHandlerTests {
    @Test func plainValuesStayBareAndOthersAreQuotedAndEscaped() {
        #expect(LogfmtLogHandler.quoted("tcp://relay:5555") == "tcp://relay:5555")
        #expect(LogfmtLogHandler.quoted("relay link up") == "\"relay link up\"")
        #expect(LogfmtLogHandler.quoted("") == "\"\"")
        #expect(LogfmtLogHandler.quoted("a=b") == "\"a=b\"")
        #expect(LogfmtLogHandler.quoted("say \"hi\"\nbye\\") == #""say \"hi\"\nbye\\""#)
        #expect(LogfmtLogHandler.quoted("bell\u{07}") == "\"bell\\u{7}\"")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        let timestamp = LogfmtLogHandler.timestamp()
        #expect(timestamp.count == 24)
        #expect(timestamp.hasSuffix("Z"))
        #expect(Array(timestamp)[10] == "T" && Array(timestamp)[19] == ".")
    }
}
