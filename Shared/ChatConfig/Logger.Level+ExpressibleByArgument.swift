public import ArgumentParser
public import Logging

extension Logger.Level: @retroactive ExpressibleByArgument {
    public static var allValueStrings: [String] { Self.allCases.map(\.rawValue) }
}
