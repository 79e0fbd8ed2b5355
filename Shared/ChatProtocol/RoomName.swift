/// A room's name: what `/join` takes and what every room-scoped message carries.
public struct RoomName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The room every client starts in, and the only room of plain-mode clients.
    public static let lobby = RoomName(unchecked: "lobby")
    public static let maximumLength = 64

    /// Lowercase ASCII letters and digits, then also `-`, `_` and `.`; 1 to 64 characters.
    public let value: String

    /// Lowercases `raw`, drops one leading `#` (people type `#dev`), then checks the rules.
    public init(validating raw: String) throws(RoomNameError) {
        var name = raw.lowercased()
        if name.hasPrefix("#") { name.removeFirst() }
        guard !name.isEmpty else { throw .empty }
        guard name.utf8.count <= Self.maximumLength else { throw .tooLong }
        let bytes = Array(name.utf8)
        guard bytes[0].isLowercaseLetterOrDigit, bytes.allSatisfy({ $0.isLowercaseLetterOrDigit || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else {
            throw .invalidCharacter
        }
        self.value = name
    }

    init(unchecked value: String) {
        self.value = value
    }

    public var description: String { self.value }

    public static func < (lhs: RoomName, rhs: RoomName) -> Bool { lhs.value < rhs.value }
}

/// Why a room name was refused. The descriptions are shown to users as they are.
public enum RoomNameError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLong
    case invalidCharacter

    public var description: String {
        switch self {
        case .empty: "room name must not be empty"
        case .tooLong: "room name must be at most \(RoomName.maximumLength) characters"
        case .invalidCharacter: "room name may use only letters a-z, digits, '-', '_' and '.', and must start with a letter or digit"
        }
    }
}

extension UInt8 {
    fileprivate var isLowercaseLetterOrDigit: Bool {
        (0x61...0x7A).contains(self) || (0x30...0x39).contains(self)
    }
}
