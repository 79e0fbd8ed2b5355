import ChatCLI
import ChatClient
import EndToEnd
import Foundation
import Identity
import Testing

@Suite struct IdentityFilesTests {
    func files() -> IdentityFiles {
        IdentityFiles(identityPath: NSTemporaryDirectory() + "chat-identity-\(UInt64.random(in: 0...UInt64.max))/private-chat/identity")
    }

    @Test func theFirstUseMakesAnIdentityOnlyItsOwnerReadsAndLaterUsesReadTheSame() throws {
        let files = self.files()
        let first = try files.loadIdentity()
        let second = try files.loadIdentity()
        #expect(first.publicKey == second.publicKey)
        let mode = try FileManager.default.attributesOfItem(atPath: files.identityPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folder = (files.identityPath as NSString).deletingLastPathComponent
        #expect((try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        #expect(try String(contentsOfFile: files.identityPath, encoding: .utf8).hasPrefix("privchat-id1-secret:"))
    }

    @Test func pinsAreSavedBesideTheIdentityReadableByItsOwnerAlone() throws {
        let files = self.files()
        _ = try files.loadIdentity()
        #expect(try files.loadPins() == ContactPins(), "no pins yet")
        var pins = ContactPins()
        _ = pins.check("bob", key: Identity().publicKey)
        files.save(pins)
        #expect(try files.loadPins() == pins)
        #expect((try FileManager.default.attributesOfItem(atPath: files.pinsPath)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func roomKeysAreKeptBesideTheIdentityReadableByItsOwnerAlone() throws {
        let files = self.files()
        _ = try files.loadIdentity()
        #expect(files.keyringPath == files.identityPath + ".keys")
        #expect(try files.loadKeyring() == RoomKeyring(), "no keys yet")
        var keyring = RoomKeyring()
        for number in 0..<100 { keyring.add(RoomKey.random(), to: "room\(number)", current: true) }
        files.save(keyring)
        #expect(try files.loadKeyring().lines == keyring.lines, "more than a key file's 4 KiB")
        #expect((try FileManager.default.attributesOfItem(atPath: files.keyringPath)[.posixPermissions] as? Int) == 0o600)
        chmod(files.keyringPath, 0o644)
        let error = #expect(throws: IdentityFiles.Problem.self) { try files.loadKeyring() }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func anIdentityFileOthersMayReadIsRefused() throws {
        let files = self.files()
        _ = try files.loadIdentity()
        chmod(files.identityPath, 0o644)
        let error = #expect(throws: IdentityFiles.Problem.self) { try files.loadIdentity() }
        #expect(error?.description.contains("chmod 600") == true)
    }
}
