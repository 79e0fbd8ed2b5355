import ArgumentParser
import ChatConfig
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Sets only `CHAT_HISTORY_BYTES`, and only to valid values: other suites resolve the same options at the same time.
@Suite(.serialized) struct ChatLimitOptionsTests {
    @Test func noFlagsGiveTheDefaults() throws {
        let limits = try ChatLimitOptions.parse([]).resolve()
        #expect(limits.historyMessages == ChatLimits.Defaults.historyMessages)
        #expect(limits.rooms == ChatLimits.Defaults.rooms)
        #expect(limits == ChatLimits())
    }

    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        setenv("CHAT_HISTORY_BYTES", "4096", 1)
        defer { unsetenv("CHAT_HISTORY_BYTES") }
        #expect(try ChatLimitOptions.parse([]).resolve().historyBytes == 4096)
        #expect(try ChatLimitOptions.parse(["--history-bytes", "8192"]).resolve().historyBytes == 8192)
    }

    @Test(arguments: ["--history", "--history-bytes", "--max-room-members", "--max-rooms", "--max-rooms-total"])
    func eachLimitMustBeAtLeastOne(flag: String) throws {
        let error = #expect(throws: ValidationError.self) { try ChatLimitOptions.parse([flag, "0"]).resolve() }
        #expect(error?.message == "\(flag) must be at least 1")
    }
}
