import HTTPTypes
import Hummingbird
import Logging

/// Serves the web GUI's built files (`web/dist`): the page at `/`, its assets under `/assets/`, and the
/// installable app's service worker, manifest and icons at the root.
///
/// Only `/assets/` is named by content hash, so only it may be kept for a year; everything else (the page,
/// `sw.js`, the manifest, icons) is revalidated every time, so a new build is picked up at once. The web
/// container's nginx has the same rule (deploy/nginx/chat-site.conf).
struct WebFileMiddleware<Context: RequestContext>: RouterMiddleware {
    private let files: FileMiddleware<Context, LocalFileSystem>

    init(root: String, logger: Logger) {
        self.files = FileMiddleware(root, cacheControl: CacheControl([]), searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // FileMiddleware asks the router first and serves a file only when no route answered.
        var routed = false
        var response = try await self.files.handle(request, context: context) { request, context in
            let response = try await next(request, context)
            routed = true
            return response
        }
        if !routed {
            response.headers[.cacheControl] = request.uri.path.hasPrefix("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"
        }
        return response
    }
}

enum WebFiles {
    static func middleware<Context: RequestContext>(root: String, logger: Logger) -> WebFileMiddleware<Context> {
        WebFileMiddleware(root: root, logger: logger)
    }

    /// What `/` shows when no GUI was built.
    static let notBuilt = """
        <!doctype html><html lang="en"><meta charset="utf-8"><title>Private Chat</title>
        <body>
        <h1>Private Chat</h1><p>This gateway is running, but its web GUI was not built.
        Build it with <code>make web</code> (or start the gateway with <code>--web-root</code> pointing at a build),
        or chat from a terminal with <code>chat</code>. WebSocket clients connect to <code>/ws</code>.</p></body></html>
        """
}
