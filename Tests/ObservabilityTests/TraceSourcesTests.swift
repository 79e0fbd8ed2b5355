import Testing

@testable import Observability

@Suite struct TraceSourcesTests {
    @Test func aDependencysTraceEventsAreDroppedButItsDebugEventsAreNot() {
        #expect(!TraceSources.admit(level: .trace, source: "WSCore"))
        #expect(!TraceSources.admit(level: .trace, source: "HummingbirdWebSocket"))
        #expect(TraceSources.admit(level: .debug, source: "WSCore"))
    }

    @Test func ourOwnModulesLogAtTrace() {
        #expect(TraceSources.admit(level: .trace, source: "Gateway"))
        #expect(TraceSources.admit(level: .trace, source: "Relay"))
    }
}
