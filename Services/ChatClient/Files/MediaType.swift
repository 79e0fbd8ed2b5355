/// The MIME type a file's metadata names (docs/PROTOCOL.md, "Files"), guessed from its name's extension:
/// a terminal has no better source, and receivers treat the type as a hint anyway.
public enum MediaType {
    /// What a file of unknown type is.
    public static let unknown = "application/octet-stream"

    /// The type of common files by their extension (any case); ``unknown`` for the rest.
    public static func guessed(fromName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return Self.unknown }
        return Self.byExtension[name[name.index(after: dot)...].lowercased()] ?? Self.unknown
    }

    static let byExtension: [String: String] = [
        // Pictures: the first four are what clients show inline.
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "svg": "image/svg+xml", "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "heic": "image/heic", "avif": "image/avif",
        "ico": "image/vnd.microsoft.icon",
        // Text and documents.
        "txt": "text/plain", "log": "text/plain", "md": "text/markdown", "csv": "text/csv", "html": "text/html", "htm": "text/html",
        "css": "text/css", "js": "text/javascript", "json": "application/json", "xml": "application/xml", "pdf": "application/pdf",
        "rtf": "application/rtf", "odt": "application/vnd.oasis.opendocument.text",
        "doc": "application/msword", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        // Archives.
        "zip": "application/zip", "gz": "application/gzip", "tgz": "application/gzip", "tar": "application/x-tar",
        "7z": "application/x-7z-compressed",
        "bz2": "application/x-bzip2", "xz": "application/x-xz",
        // Sound and video.
        "mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg", "oga": "audio/ogg", "flac": "audio/flac", "m4a": "audio/mp4",
        "opus": "audio/opus",
        "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "mkv": "video/x-matroska",
    ]
}
