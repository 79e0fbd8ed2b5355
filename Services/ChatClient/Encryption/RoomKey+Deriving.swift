public import EndToEnd
import NIOPosix

extension RoomKey {
    /// Derives a passphrase key on NIO's thread pool: a third of a second (more in debug builds) of
    /// hashing that must not hold up a user interface or Swift's few cooperative threads.
    public static func deriving(passphrase: String, salt: [UInt8], iterations: Int = RoomKey.defaultIterations) async throws -> RoomKey {
        try await NIOThreadPool.singleton.runIfActive {
            try RoomKey(passphrase: passphrase, salt: salt, iterations: iterations)
        }
    }
}
