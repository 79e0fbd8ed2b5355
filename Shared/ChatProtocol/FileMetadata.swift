/// What a `file` event's text says of the file (docs/PROTOCOL.md, "Files"): written by the sender, so
/// receivers read it as untrusted and fall back to a file named `file`.
public struct FileMetadata: Sendable, Hashable, Codable {
    /// The most text a `file` event may carry (before sealing), thumbnail included.
    public static let maximumTextBytes = 8 * 1024
    /// The largest thumbnail, in bytes of JPEG before base64, and its largest side in pixels.
    public static let maximumThumbnailBytes = 4 * 1024
    public static let maximumThumbnailSide = 160
    /// The longest name, in UTF-8 bytes.
    public static let maximumNameBytes = 255
    /// The types clients show inline: raster images only (an SVG can carry scripts).
    public static let inlineImageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
    /// The name shown when the metadata is missing or invalid.
    public static let fallbackName = "file"

    public var name: String
    public var type: String
    /// Base64 of a JPEG thumbnail.
    public var thumb: String?
    public var width: Int?
    public var height: Int?

    public init(name: String, type: String, thumb: String? = nil, width: Int? = nil, height: Int? = nil) {
        self.name = name
        self.type = type
        self.thumb = thumb
        self.width = width
        self.height = height
    }

    /// Reads a `file` event's text; a text that is not valid metadata gives the fallback (a file named
    /// `file` of unknown type), and a name that breaks the rules is made safe.
    public init(reading text: String) {
        guard let decoded = try? JSONCoding.decode(FileMetadata.self, from: Array(text.utf8)) else {
            self.init(name: Self.fallbackName, type: "application/octet-stream")
            return
        }
        self = decoded
        self.name = Self.safeName(decoded.name)
        if !Self.isMIMEType(self.type) { self.type = "application/octet-stream" }
    }

    /// The metadata as the `file` event's text.
    public var text: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("name", self.name)
        writer.field("type", self.type)
        if let thumb { writer.field("thumb", thumb) }
        if let width { writer.field("width", width) }
        if let height { writer.field("height", height) }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether clients show the file as an image.
    public var isInlineImage: Bool { Self.inlineImageTypes.contains(self.type) }

    /// `name` without `/`, `\` or control characters, at most ``maximumNameBytes`` (cut at a character),
    /// and never empty, `.` or `..`: safe to use as a file name in any directory.
    public static func safeName(_ name: String) -> String {
        var kept = ""
        for character in name {
            let unsafe = character.unicodeScalars.contains { scalar in
                scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control
                    || scalar.properties.generalCategory == .format
            }
            if unsafe { continue }
            guard kept.utf8.count + character.utf8.count <= Self.maximumNameBytes else { break }
            kept.append(character)
        }
        let trimmed = String(kept.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? Self.fallbackName : trimmed
    }

    /// `type/subtype` of token characters, as a MIME type is written.
    static func isMIMEType(_ type: String) -> Bool {
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, type.utf8.count <= 127 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$&^_.+-".unicodeScalars.contains($0)) }
        }
    }
}
