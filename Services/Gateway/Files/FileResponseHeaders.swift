import ChatProtocol
import HTTPTypes

/// The headers a file body is served with (docs/PROTOCOL.md, "Files"): bytes to save, never a page of the
/// chat's origin. Whatever a body holds (HTML, a script, an SVG), the browser neither shows nor runs it:
/// an attachment, of no type it could sniff, in a sandbox with nothing allowed; kept on no disk, and
/// followed by no `Referer`.
enum FileResponseHeaders {
    static let contentSecurityPolicy = "sandbox; default-src 'none'"

    /// The headers for a body saved as `name` (the link's, made safe; `nil`: `file`).
    static func headers(name: String?) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: "application/octet-stream",
            .contentDisposition: Self.contentDisposition(name: name),
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: Self.contentSecurityPolicy,
        ]
        headers[Self.referrerPolicy] = "no-referrer"
        return headers
    }

    /// `attachment`, with the name as RFC 6266 writes it: `filename*` in UTF-8, percent-encoded, after an
    /// ASCII `filename` for clients that read only that one.
    static func contentDisposition(name: String?) -> String {
        let name = FileMetadata.safeName(name ?? FileMetadata.fallbackName)
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != "%" ? Character($0) : "_" })
        return #"attachment; filename="\#(ascii)"; filename*=UTF-8''\#(FileLink.percentEncoded(name))"#
    }

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
