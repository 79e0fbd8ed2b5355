import ArgumentParser
import ChatConfig
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct EnvironmentOptionTests {
    @Test func aFlagWinsOverTheVariableWhichWinsOverTheDefault() throws {
        setenv("CHAT_TEST_PORT", "9000", 1)
        defer { unsetenv("CHAT_TEST_PORT") }
        #expect(try resolveOption(8100, environment: "CHAT_TEST_PORT", default: 8000) == 8100)
        #expect(try resolveOption(nil as Int?, environment: "CHAT_TEST_PORT", default: 8000) == 9000)
        #expect(try resolveOption(nil as Int?, environment: "CHAT_TEST_UNSET", default: 8000) == 8000)
    }

    @Test func anUnparsableVariableIsAnErrorNamingIt() {
        setenv("CHAT_TEST_PORT", "eighty", 1)
        defer { unsetenv("CHAT_TEST_PORT") }
        #expect(throws: ValidationError.self) { try resolveOption(nil as Int?, environment: "CHAT_TEST_PORT", default: 8000) }
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        setenv("CHAT_TEST_RELAY", "", 1)
        defer { unsetenv("CHAT_TEST_RELAY") }
        #expect(try resolveOptionalOption(nil as String?, environment: "CHAT_TEST_RELAY") == nil)
    }
}

@Suite(.serialized) struct ListOptionTests {
    @Test func repeatedFlagsWinOverTheCommaSeparatedVariable() {
        setenv("CHAT_TEST_LIST", "a, b,c", 1)
        defer { unsetenv("CHAT_TEST_LIST") }
        #expect(resolveListOption([], environment: "CHAT_TEST_LIST") == ["a", "b", "c"])
        #expect(resolveListOption(["x"], environment: "CHAT_TEST_LIST") == ["x"])
        #expect(resolveListOption([], environment: "CHAT_TEST_UNSET").isEmpty)
    }
}
