import ChatProtocol
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RelayProtocol

/// `GET /files/ID` and `GET /files/ID/NAME`: a file body from the relay's store (docs/PROTOCOL.md, "Files"),
/// the name only naming the download.
///
/// The access rules are the upgrade's (section 0), in its order: ``HostCheckMiddleware`` has refused a
/// foreign `Host` in open mode already, and the key is checked here as ``ShareController`` checks it, each
/// failure counted. The body is streamed: read from the relay one ``FileReadRange/maximumLength`` piece at a
/// time, each written as it comes, so that the gateway never holds a whole body, and a client that reads
/// slowly slows the reads. A piece that does not come within the link's request timeout ends the response.
struct FileDownloadController<Context: RemoteAddressRequestContext>: Sendable {
    let source: any FileBodySource
    let policy: AccessPolicy
    let clients: ClientAddressRule
    let metrics: FileMetrics

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("files/:id") { request, context in try await self.download(request, context: context) }
        router.get("files/:id/:name") { request, context in try await self.download(request, context: context) }
    }

    private func download(_ request: Request, context: Context) async throws -> Response {
        let client = self.clients.failureCountingKey(request, peer: context.remoteAddress)
        if case .refused(let decision) = self.policy.checkKey(PresentedKey(request), clientKey: client) {
            return decision.response(offeringBasic: true)
        }
        guard let file = context.parameters.get("id").flatMap({ FileID(hex: $0) }) else {
            return Self.refusal(.badRequest, "not a file id: 32 lowercase hex digits")
        }
        guard self.source.isUp else { return Self.refusal(.serviceUnavailable, "chat relay unavailable: try again in a moment") }
        let first: Envelope
        do {
            first = try await self.source.read(file, range: Self.range(from: 0))
        } catch {
            return self.refusal(for: error, context: context)
        }
        guard first.kind == .fileData, let (size, offset, bytes) = first.fileData, offset == 0 else { return Self.refusal(relayError: first) }
        self.metrics.httpDownloads.increment()
        let name = context.parameters.get("name").flatMap { $0.removingPercentEncoding }
        let body = ResponseBody(contentLength: Int(clamping: size)) { [source, metrics] writer in
            var next = UInt64(bytes.count)
            try await writer.write(ByteBuffer(bytes: bytes))
            metrics.bytesDownloaded.increment(by: bytes.count)
            while next < size {
                let piece = try await Self.piece(of: file, at: next, size: size, from: source, metrics: metrics, logger: context.logger)
                try await writer.write(ByteBuffer(bytes: piece))
                metrics.bytesDownloaded.increment(by: piece.count)
                next += UInt64(piece.count)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: FileResponseHeaders.headers(name: name), body: body)
    }

    /// The next piece of a body being sent, or a throw that ends the response (its length is promised).
    private static func piece(
        of file: FileID,
        at offset: UInt64,
        size: UInt64,
        from source: any FileBodySource,
        metrics: FileMetrics,
        logger: Logger
    ) async throws -> ArraySlice<UInt8> {
        let answer: Envelope
        do {
            answer = try await source.read(file, range: Self.range(from: offset))
        } catch {
            if error == .timedOut { metrics.downloadTimeouts.increment() }
            logger.notice("file download cut short", metadata: ["reason": "\(error)"])  // never the file's id or name
            throw error
        }
        guard answer.kind == .fileData, let (total, start, bytes) = answer.fileData, total == size, start == offset, !bytes.isEmpty else {
            logger.notice("file download cut short", metadata: ["reason": "\(answer.kind == .error ? answer.errorCode : "unexpected answer")"])
            throw DownloadCutShort()
        }
        return bytes
    }

    private static func range(from offset: UInt64) -> FileReadRange {
        FileReadRange(offset: offset, length: UInt32(FileReadRange.maximumLength))
    }

    /// Why a read that was to begin the body failed, as an answer.
    private func refusal(for failure: RelayRequests.Failure, context: Context) -> Response {
        switch failure {
        case .unavailable: return Self.refusal(.serviceUnavailable, "chat relay unavailable: try again in a moment")
        case .full, .busy: return Self.refusal(.serviceUnavailable, "chat relay busy: try again in a moment")
        case .timedOut:
            self.metrics.downloadTimeouts.increment()
            context.logger.notice("file download timed out")
            return Self.refusal(.gatewayTimeout, "the chat relay did not answer: try again in a moment")
        }
    }

    /// The relay's refusal of the first read: a body it does not hold is `404 file_expired`.
    private static func refusal(relayError answer: Envelope) -> Response {
        guard answer.kind == .error else { return Self.refusal(.badGateway, "unexpected answer from the chat relay") }
        switch ErrorCode(rawValue: answer.errorCode) {
        case .fileExpired: return Self.refusal(.notFound, ErrorCode.fileExpired.rawValue, newline: false)
        case .busy: return Self.refusal(.serviceUnavailable, "chat relay busy: try again in a moment")
        case .badRequest: return Self.refusal(.badRequest, answer.errorMessage)
        default: return Self.refusal(.badGateway, "the chat relay refused: \(answer.errorCode)")
        }
    }

    private static func refusal(_ status: HTTPResponse.Status, _ reason: String, newline: Bool = true) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: newline ? reason + "\n" : reason))
        )
    }

    /// The relay's answer to a later read was not the piece asked for.
    struct DownloadCutShort: Error {}
}
