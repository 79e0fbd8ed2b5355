public import ChatProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file to send: the name its metadata gives (made safe), its type, and its bytes.
public struct OutgoingFile: Sendable, Equatable {
    public let name: String
    public let type: String
    public let bytes: [UInt8]

    /// A file from memory; without a `type`, the one its name suggests.
    public init(name: String, type: String? = nil, bytes: [UInt8]) {
        self.name = FileMetadata.safeName(name)
        self.type = type ?? MediaType.guessed(fromName: self.name)
        self.bytes = bytes
    }

    /// The file as the `file` event's text describes it.
    public var metadata: FileMetadata { FileMetadata(name: self.name, type: self.type) }

    /// Reads the file at `path`, named after its last component. One over `maximumBytes` is refused
    /// before its bytes are read, and so is an empty one (a body has at least a byte) or anything but a
    /// regular file (a FIFO would never end).
    public init(reading path: String, maximumBytes: Int) throws(FileProblem) {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it has no effect on a regular file's reads.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Self.problem(reading: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.problem(reading: path) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw FileProblem("\(path) is not a file") }
        try Self.check(size: Int(status.st_size), of: name, maximumBytes: maximumBytes)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.problem(reading: path) }
            if count == 0 { break }
            bytes += buffer[0..<count]
            // It grew since it was measured.
            try Self.check(size: bytes.count, of: name, maximumBytes: maximumBytes)
        }
        guard !bytes.isEmpty else { throw FileProblem("\(name) is empty: there is nothing to send") }
        self.init(name: name, bytes: bytes)
    }

    /// Refuses a body over `maximumBytes`, in sizes that differ when shown (bytes when rounding hides it).
    static func check(size: Int, of name: String, maximumBytes: Int) throws(FileProblem) {
        guard size > maximumBytes else { return }
        var (shown, limit) = (FileSize.text(size), FileSize.text(maximumBytes))
        if shown == limit { (shown, limit) = ("\(size) bytes", "\(maximumBytes) bytes") }
        throw FileProblem("\(name) is too large to send (\(shown)): this server takes files of at most \(limit)")
    }

    private static func problem(reading path: String) -> FileProblem {
        FileProblem("cannot read \(path): \(String(cString: strerror(errno)))")
    }
}
