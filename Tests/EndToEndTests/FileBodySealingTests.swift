import ChatProtocol
import Identity
import Testing

@testable import EndToEnd

/// File bodies against the vectors (docs/PROTOCOL.md, "Files"): sealed byte for byte, opened, and
/// refused for another file, room or sender.
@Suite struct FileBodySealingTests {
    @Test(arguments: Vectors.all.fileBodies)
    func sealingWithTheVectorsNonceGivesTheirBytesAndOpeningGivesTheBody(vector: Vectors.FileBody) throws {
        let sealed = vector.sealedBytes
        let nonce = Array(sealed[(8 + 1 + vector.roomKey.salt.count)...].prefix(12))
        #expect(try vector.roomKey.seal(fileBody: vector.bodyBytes, context: vector.context, nonce: nonce) == sealed)
        #expect(sealed.count == vector.sealedSize && sealed.count == vector.bodyBytes.count + vector.roomKey.sealedFileOverhead)
        #expect(try vector.roomKey.open(fileBody: sealed, context: vector.context) == vector.bodyBytes)
        #expect(RoomKey.keyID(ofSealedFileBody: sealed) == vector.roomKey.id)
    }

    @Test(arguments: Vectors.all.fileBodies)
    func anotherFileRoomSenderOrAChangedByteDoesNotOpen(vector: Vectors.FileBody) {
        let sender = IdentityKey(text: vector.sender)!
        let others: [RoomSealContext] = [
            .fileBody(room: vector.room, sender: sender, file: FileID.random()),
            .fileBody(room: vector.room + "x", sender: sender, file: FileID(hex: vector.file)!),
            .fileBody(room: vector.room, sender: Identity().publicKey, file: FileID(hex: vector.file)!),
            RoomSealContext(room: vector.room, sender: sender, kind: .file, id: vector.file),
        ]
        for context in others {
            #expect(throws: EndToEndError.self) { try vector.roomKey.open(fileBody: vector.sealedBytes, context: context) }
        }
        var changed = vector.sealedBytes
        changed[changed.count - 1] ^= 1
        #expect(throws: EndToEndError.self) { try vector.roomKey.open(fileBody: changed, context: vector.context) }
        #expect(throws: EndToEndError.self) { try RoomKey.random().open(fileBody: vector.sealedBytes, context: vector.context) }
    }
}
