import ChatConfig
import Testing

@Suite struct FlagTextTests {
    @Test func wholeNumbersLoseTheirFraction() {
        #expect(20.0.flagText == "20")
        #expect(0.5.flagText == "0.5")
    }

    @Test func durationsAreWrittenInSeconds() {
        #expect(Duration.seconds(60).secondsFlagText == "60")
        #expect(Duration.milliseconds(100).secondsFlagText == "0.1")
    }

    @Test func secondsAfterAFlagAreKeptToTheMillisecond() {
        #expect(Duration.flagSeconds(0.1) == .milliseconds(100))
        #expect(Duration.flagSeconds(1.2345) == .milliseconds(1234))
        #expect(Duration.flagSeconds(-1) == .zero && Duration.flagSeconds(.nan) == .zero)
    }
}
