public import ChatClient
import ChatProtocol

extension MessageFormatter {
    /// `--json` lines of `chat`'s own, beside the server's frames: a room key's change
    /// (`{"type":"room_key","room":…,"change":"encrypted"|"rotated"|"left_out"|"added",…}`); `nil` for
    /// any other event.
    public static func json(_ event: ChatEvent) -> String? {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", "room_key")
        switch event {
        case .encrypted(let room, let fingerprint):
            writer.field("room", room)
            writer.field("change", "encrypted")
            writer.field("fingerprint", fingerprint)
        case .roomKey(let room, .rotated(let fingerprint, let by, let after, let without)):
            writer.field("room", room)
            writer.field("change", "rotated")
            writer.field("fingerprint", fingerprint)
            if let by { writer.field("by", by) }
            writer.field("after", after)
            writer.field("without", without)
        case .roomKey(let room, .leftOut(let by)):
            writer.field("room", room)
            writer.field("change", "left_out")
            if let by { writer.field("by", by) }
        case .roomKey(let room, .notHeld):
            writer.field("room", room)
            writer.field("change", "not_held")
        case .roomKey(let room, .added(let name, let fingerprint)):
            writer.field("room", room)
            writer.field("change", "added")
            writer.field("to", name)
            writer.field("fingerprint", fingerprint)
        default:
            return nil
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `{"type":"invite","room":…,"link":…}`: what `/invite` prints with `--json`.
    public static func inviteJSON(room: String, link: String) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", "invite")
        writer.field("room", room)
        writer.field("link", link)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
