import ArgumentParser
import Testing

@testable import Relay

@Suite struct RelayConfigurationTests {
    @Test func theDefaultsAreValid() throws {
        try RelayConfiguration(endpoints: .inproc(name: "test")).validate()
    }

    @Test func theReplayWindowKeepsAtLeastOneMessage() {
        let error = #expect(throws: ValidationError.self) { try RelayConfiguration(endpoints: .inproc(name: "test"), replayWindow: 0).validate() }
        #expect(error?.message == "--replay-window must be at least 1")
    }

    @Test func theChatLimitsAreChecked() {
        let error = #expect(throws: ValidationError.self) {
            try RelayConfiguration(endpoints: .inproc(name: "test"), chat: .init(historyMessages: 0)).validate()
        }
        #expect(error?.message == "--history must be at least 1")
    }
}
