import ChatProtocol
import Foundation
import NIOCore

/// Where a file body is downloaded over HTTP: `BASE/files/ID/NAME` (docs/PROTOCOL.md, "HTTP endpoints"),
/// the name only naming the download. Plain clients are shown these links.
enum FileLink {
    /// The link to `file`, named `name`, at `base` (an origin: `https://chat.example.org`).
    static func url(base: String, file: FileID, name: String) -> String {
        base + "/files/" + file.hex + "/" + Self.percentEncoded(name)
    }

    /// `text` with every byte but RFC 3986's unreserved characters percent-encoded: a path segment, and the
    /// value of RFC 5987's `filename*` alike.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? FileMetadata.fallbackName
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// The origin file links for plain clients start with: the chat's public URL's when it has one
/// (`--public-url`, or a tunnel's), else the address the client itself connected to, else the one the
/// gateway listens on. Display only: the `Host` a client sent decides nothing but what that client is shown.
struct FileLinkBase: Sendable {
    let address: PublicAddress
    /// Whether the gateway serves HTTPS itself.
    let secure: Bool

    /// The base for a client whose upgrade request named `host` (``requestedHost(_:)``; empty: none).
    func origin(requestedHost host: String) -> String {
        if let origin = self.address.publicOrigin { return origin }
        guard !host.isEmpty else { return self.address.origin }
        return (self.secure ? "https://" : "http://") + host
    }

    /// A `Host` header's value if it can be a link's authority (letters, digits and `. - _ : [ ]`, at most 255);
    /// empty otherwise, so that nothing else ever gets into the line.
    static func requestedHost(_ header: String?) -> String {
        guard let header, (1...255).contains(header.utf8.count),
            header.utf8.allSatisfy({ Self.authorityCharacters.contains($0) })
        else { return "" }
        return header
    }

    /// The authority of links for a client that sends no `Host` (an IRC client): the address it connected to,
    /// at the gateway's HTTP port, so that a client on the LAN is shown a link that reaches the gateway from
    /// there. Empty when either is unknown (then ``origin(requestedHost:)`` falls back to the listening address).
    func authority(connectedTo local: SocketAddress?) -> String {
        guard let ip = local?.ipAddress, let port = URL(string: self.address.origin)?.port else { return "" }
        return Self.requestedHost(ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)")
    }

    private static let authorityCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:[]".utf8)
}
