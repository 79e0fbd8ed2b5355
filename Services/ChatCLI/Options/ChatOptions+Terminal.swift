#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChatOptions {
    /// Whether `chat` runs interactively: standard input and output are a terminal, and `--json` is off.
    public var runsInTerminal: Bool {
        isatty(0) == 1 && isatty(1) == 1 && !self.json
    }

    /// Asks on the terminal, as the seed's client did: the answer without surrounding spaces, the offered
    /// default for an empty one, `nil` at end of input.
    public static func ask(_ question: String, default value: String?) -> String? {
        while true {
            printError(value.map { "\(question) [\($0)]: " } ?? "\(question): ")
            guard let line = readLine() else { return nil }
            let answer = String(line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if !answer.isEmpty { return answer }
            if let value { return value }
        }
    }
}
