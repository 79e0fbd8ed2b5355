import ChatProtocol

/// How clients without the chat's own views (plain WebSocket clients, IRC clients) word what they cannot
/// show as it is: replies, edits, deletes and shared files (docs/PROTOCOL.md, "Frames a gateway sends" and
/// "What IRC clients see"). Each client kind arranges these words around the sender its own way.
enum PlainWording {
    /// What a reply is marked with: `reply to AUTHOR`, or `reply` when the relay no longer knew the author.
    static func reply(to author: String) -> String {
        author.isEmpty ? "reply" : "reply to \(author)"
    }

    /// What an edit is marked with.
    static let edited = "edited"
    /// What a delete (or a reaction, to a client that shows none) says instead of a text.
    static let deleted = "deleted a message"

    /// A shared file: `shared FILENAME (SIZE): URL`, or in an encrypted room, whose metadata is sealed,
    /// `shared an encrypted file (SIZE)`. `name` is the metadata's, made safe (``FileMetadata/init(reading:)``).
    static func sharedFile(metadata: some Collection<UInt8>, file: FileID, size: Int, linkBase: String) -> String {
        let size = FileSize.text(size)
        guard !SealedPrefix.isSealed(metadata) else { return "shared an encrypted file (\(size))" }
        let name = FileMetadata(reading: String(decoding: metadata, as: UTF8.self)).name
        return "shared \(name) (\(size)): \(FileLink.url(base: linkBase, file: file, name: name))"
    }
}
