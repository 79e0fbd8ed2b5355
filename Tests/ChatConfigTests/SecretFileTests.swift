import ChatConfig
import Foundation
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct SecretFileTests {
    func temporaryPath() throws -> String {
        let directory = NSTemporaryDirectory() + "secret-file-\(UInt64.random(in: 0...UInt64.max))"
        try SecretFile.makeDirectory(directory)
        return directory + "/key"
    }

    /// Threads of one process share a pid, as gateways in containers side by side do (each is pid 1).
    @Test(arguments: 0..<20) func startsRacingToCreateTheSameFileAllReadTheFirstWritersSecret(round: Int) throws {
        let path = try self.temporaryPath()
        let starts = 8
        let results = Mutex<[Result<(text: String, created: Bool), SecretFileError>]>([])
        let threads = (0..<starts).map { _ in
            Thread {
                let result = Result { () throws(SecretFileError) in
                    try SecretFile.load(path: path) { String((0..<32).map { _ in "0123456789abcdef".randomElement()! }) }
                }
                results.withLock { $0.append(result) }
            }
        }
        threads.forEach { $0.start() }
        while results.withLock({ $0.count }) < starts { usleep(1000) }
        let loaded = try results.withLock { try $0.map { try $0.get() } }
        #expect(loaded.filter(\.created).count == 1)
        #expect(Set(loaded.map(\.text)).count == 1)
        #expect(loaded[0].text.count == 32)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["key"])
    }

    @Test func aNewFileIsReadableByItsOwnerAlone() throws {
        let path = try self.temporaryPath()
        _ = try SecretFile.load(path: path) { "secret" }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try SecretFile.load(path: path, create: nil).text == "secret")
    }
}
