import ChatProtocol
import EndToEnd
import Identity
import Testing

@testable import ChatClient

/// Files in encrypted rooms: the key a body is sealed with, a body opened only where it was sealed,
/// metadata sealed as the `file` event's text, and `--json` keeping the relay's facts.
@Suite struct RoomKeyringFilesTests {
    static let bob = Identity()
    static let key = RoomKey.random()
    static let file = FileID(hex: "00112233445566778899aabbccddeeff")!

    static func keyring() -> RoomKeyring {
        var keyring = RoomKeyring()
        keyring.add(Self.key, to: "secret", current: true)
        return keyring
    }

    @Test func aBodyIsSealedWithTheCurrentKeyOfAnEncryptedRoomOnly() throws {
        let keyring = Self.keyring()
        #expect(try keyring.fileKey(for: "lobby") == nil)
        #expect(try keyring.fileKey(for: "#Secret") == Self.key, "the room as the server spells it")
    }

    @Test func aBodyOpensInItsRoomFromItsSenderForItsFileOnly() throws {
        let keyring = Self.keyring()
        let body: [UInt8] = Array("a picture".utf8)
        let sealed = Self.key.seal(fileBody: body, context: .fileBody(room: "secret", sender: Self.bob.publicKey, file: Self.file))
        #expect(try keyring.open(fileBody: sealed, room: "secret", sender: Self.bob.publicKey, file: Self.file) == body)
        #expect(throws: EndToEndError.self) { try keyring.open(fileBody: sealed, room: "other", sender: Self.bob.publicKey, file: Self.file) }
        #expect(throws: EndToEndError.self) { try keyring.open(fileBody: sealed, room: "secret", sender: Identity().publicKey, file: Self.file) }
        #expect(throws: EndToEndError.self) { try keyring.open(fileBody: sealed, room: "secret", sender: Self.bob.publicKey, file: FileID.random()) }
        #expect(throws: EndToEndError("it is encrypted with a key you do not have")) {
            try RoomKeyring().open(fileBody: sealed, room: "secret", sender: Self.bob.publicKey, file: Self.file)
        }
    }

    @Test func aFileEventsMetadataIsSealedBoundToKindFileAndItsId() throws {
        let keyring = Self.keyring()
        let metadata = FileMetadata(name: "cat.png", type: "image/png").text
        guard
            case .file(let sealed) = try keyring.seal(
                .file(SharedFile(id: "b-7", room: "secret", file: Self.file.hex, text: metadata)),
                sender: Self.bob.publicKey
            )
        else { return #expect(Bool(false)) }
        #expect(sealed.text.hasPrefix(SealedPrefix.room) && sealed.file == Self.file.hex)
        let context = RoomSealContext(room: "secret", sender: Self.bob.publicKey, kind: .file, id: "b-7")
        #expect(try Self.key.open(SealedRoomText(parsing: sealed.text), context: context) == metadata)
        guard case .file(let plain) = try keyring.seal(.file(SharedFile(id: "b-8", room: "lobby", file: Self.file.hex, text: metadata)), sender: nil)
        else { return #expect(Bool(false)) }
        #expect(plain.text == metadata, "a room not encrypted keeps it in the clear")
    }

    @Test func aSealedFileEventShownAsJSONKeepsTheRelaysFacts() throws {
        var keyring = Self.keyring()
        let metadata = FileMetadata(name: "cat.png", type: "image/png").text
        guard
            case .file(let sealed) = try keyring.seal(
                .file(SharedFile(id: "b-7", room: "secret", file: Self.file.hex, text: metadata)),
                sender: Self.bob.publicKey
            )
        else { return #expect(Bool(false)) }
        let event = ChatMessage(
            kind: .file,
            room: "secret",
            seq: 4,
            from: "bob",
            text: sealed.text,
            time: 5,
            id: "b-7",
            key: Self.bob.publicKey.text,
            file: FileFacts(id: Self.file.hex, size: 90, expired: true)
        )
        _ = keyring.open(event)
        let line = try #require(keyring.frame(for: .message(event)))
        #expect(line.contains(#""file":{"id":"00112233445566778899aabbccddeeff","size":90,"expired":true}"#))
        #expect(line.contains(#""decrypted":true"#) && line.contains(#"cat.png"#))
    }
}
