public import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves an option from its flag, else its environment variable, else its default.
///
/// Flags are declared optional so that "not given" can be told apart from "given the default"; an
/// environment variable that cannot be parsed is an error, not silently ignored.
public func resolveOption<Value: ExpressibleByArgument>(
    _ flag: Value?,
    environment name: String,
    default fallback: Value
) throws(ValidationError) -> Value {
    if let flag { return flag }
    guard let raw = environmentValue(name) else { return fallback }
    guard let value = Value(argument: raw) else {
        throw ValidationError("environment variable \(name)=\"\(raw)\" is not a valid value")
    }
    return value
}

/// Resolves an option that may be absent altogether (no default).
public func resolveOptionalOption<Value: ExpressibleByArgument>(
    _ flag: Value?,
    environment name: String
) throws(ValidationError) -> Value? {
    if let flag { return flag }
    guard let raw = environmentValue(name) else { return nil }
    guard let value = Value(argument: raw) else {
        throw ValidationError("environment variable \(name)=\"\(raw)\" is not a valid value")
    }
    return value
}

/// Resolves a repeatable option: its flags, else its environment variable as a comma-separated list
/// (spaces dropped), else none.
public func resolveListOption(_ flags: [String], environment name: String) -> [String] {
    guard flags.isEmpty else { return flags }
    return environmentValue(name)?.split(separator: ",").map { $0.filter { $0 != " " } } ?? []
}

/// The value of an environment variable, `nil` when unset or empty.
public func environmentValue(_ name: String) -> String? {
    guard let raw = getenv(name) else { return nil }
    let value = String(cString: raw)
    return value.isEmpty ? nil : value
}
