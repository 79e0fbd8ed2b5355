/// The relay scenario could not run.
struct RelayBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
