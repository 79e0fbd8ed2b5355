/// Why a file cannot be sent or saved, in words for the user.
public struct FileProblem: Error, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
