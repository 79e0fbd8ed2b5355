/// The numbers of file transfers that the gateway sets (docs/PROTOCOL.md, "Files"): what a client is
/// told in `limits` and in each `upload`, and what its frames cost in its byte bucket.
enum FileTransfer {
    /// The most body bytes one `chunk` carries and one `download` asks for: `limits.file_chunk_bytes`.
    static let chunkBytes = 32 * 1024

    /// The least a `chunk` costs in its connection's byte bucket. Paced by bytes alone, a client sending
    /// one-byte chunks could hand the relay as many envelopes a second as `--file-rate` has bytes.
    static let minimumChunkCharge = 4 * 1024
}
