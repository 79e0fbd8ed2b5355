// libFuzzer entry point for the decoders that read untrusted bytes: the relay envelope (what a gateway
// or anything reaching the relay's port sends) and the references in it, protocol v1 client frames (what any client sends), and
// the gateway's UTF-8 check of every text message, and the clients' text markup parser (what any sender
// makes every receiver's client read).
//
// Built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer,address`, together with the sources of
// RelayProtocol and ChatProtocol, the gateway's UTF8Validation and ChatClient's Markup (one module, so no
// package build is needed).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocol(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let envelope = try? Envelope(decoding: bytes) {
        // What decodes must encode to bytes that decode to the same envelope.
        let encoded = envelope.encoded()
        let again = encoded.withUnsafeBytes { try? Envelope(decoding: $0) }
        precondition(again?.encoded() == encoded, "an envelope that decodes must survive encode → decode")
        // A reply, edit, delete or reaction: its reference, and the text after it, whatever the payload holds.
        let reference = envelope.reference
        precondition(envelope.text.count <= envelope.payload.count)
        if let reference, let (read, length) = EnvelopeReference.read(from: reference.bytes) {
            precondition(read == reference && length == reference.bytes.count, "a reference read must write back the same")
        }
    }
    if let (reference, length) = EnvelopeReference.read(from: bytes) {
        precondition(length <= bytes.count && Array(reference.bytes) == Array(bytes.prefix(length)), "a reference is read from exactly its bytes")
    }
    precondition(
        UTF8Validation.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil),
        "the gateway's UTF-8 check must agree with the standard library's"
    )
    _ = try? EnvelopeHeader(validating: bytes)
    _ = try? ClaimRequest(bytes: Array(bytes))
    _ = try? ReplayRange(bytes: Array(bytes))
    _ = try? ClientMessage(decoding: Array(bytes))
    _ = try? UserName(validating: String(decoding: bytes, as: UTF8.self))
    _ = try? RoomName(validating: String(decoding: bytes, as: UTF8.self))
    checkMarkup(String(decoding: bytes, as: UTF8.self))
    return 0
}

/// Any text reads into a tree at most four deep whose links are all http(s) and whose text is never
/// empty, and a text without a `:` is shown as written when colours are off.
func checkMarkup(_ text: String) {
    func check(_ nodes: [MarkupNode], depth: Int) {
        precondition(depth <= 4, "delimiters nest at most four deep")
        for node in nodes {
            switch node {
            case .text(let text): precondition(!text.isEmpty, "no empty text")
            case .link(let link):
                // By scalars: a mark may follow `://` (docs/PROTOCOL.md, "Text markup"), and joined to the `/`
                // in one Character it would hide the prefix from `hasPrefix`.
                let scalars = link.lowercased().unicodeScalars
                precondition(["http://", "https://"].contains { scalars.starts(with: $0.unicodeScalars) }, "only http(s) links")
            case .bold(let inner), .italic(let inner), .strike(let inner): check(inner, depth: depth + 1)
            case .code, .mention, .emoji: break
            }
        }
    }
    for block in Markup.blocks(in: text) {
        switch block {
        case .paragraph(let nodes), .quote(let nodes): check(nodes, depth: 0)
        case .code: break
        }
    }
    if !text.unicodeScalars.contains(":") {
        precondition(Markup.replacingShortcodes(in: text) == text, "no shortcode, nothing replaced")
    }
}
