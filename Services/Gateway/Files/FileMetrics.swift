import Metrics

/// The gateway's file transfer metrics, created once (docs/PROTOCOL.md, "Files").
struct FileMetrics: Sendable {
    /// `chunk` frames sent on to the relay, and their body bytes.
    let chunks = Counter(label: "gateway_file_chunks_total")
    let bytesUploaded = Counter(label: "gateway_file_bytes_uploaded_total")
    /// Downloads begun: `GET /files/…` answered 200, and socket `download` frames from offset 0.
    let httpDownloads = Counter(label: "gateway_file_downloads_total", dimensions: [("via", "http")])
    let socketDownloads = Counter(label: "gateway_file_downloads_total", dimensions: [("via", "socket")])
    /// Body bytes passed to clients, over HTTP and sockets alike.
    let bytesDownloaded = Counter(label: "gateway_file_bytes_downloaded_total")
    /// HTTP downloads cut short because the relay did not answer a read within ``RelayRequests/timeout``.
    let downloadTimeouts = Counter(label: "gateway_file_download_timeouts_total")
}
