public import EndToEnd
import NIOPosix

extension RoomKey {
    /// Derives a room's key on NIO's thread pool: a third of a second (more in debug builds) of hashing
    /// that must not hold up a user interface or Swift's few cooperative threads.
    public static func deriving(passphrase: String, room: String, iterations: Int = RoomKey.defaultIterations) async throws -> RoomKey {
        try await NIOThreadPool.singleton.runIfActive {
            try RoomKey(passphrase: passphrase, room: room, iterations: iterations)
        }
    }

    /// Derives the keys of several rooms from one passphrase, at the same time.
    public static func deriving(passphrase: String, rooms: [String], iterations: Int = RoomKey.defaultIterations) async throws -> [RoomKey] {
        try await withThrowingTaskGroup(of: RoomKey.self) { group in
            for room in rooms {
                group.addTask { try await Self.deriving(passphrase: passphrase, room: room, iterations: iterations) }
            }
            var keys: [String: RoomKey] = [:]
            for try await key in group { keys[key.room] = key }
            return rooms.compactMap { keys[$0] }
        }
    }
}

extension ChatClient.Configuration {
    /// Encrypts every room of the configuration with a key derived from `passphrase`, before connecting,
    /// so that the first snapshot's history opens too.
    public mutating func encryptRooms(passphrase: String) async throws {
        self.roomKeys = try await RoomKey.deriving(passphrase: passphrase, rooms: self.rooms)
    }
}
