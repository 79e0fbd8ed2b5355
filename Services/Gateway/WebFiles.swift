import Hummingbird
import Logging

/// Serves the web GUI's built files (`web/dist`): the page at `/`, its assets under `/assets/`.
///
/// Assets are named by their content's hash, so browsers and proxies may keep them for a year; the
/// page itself is revalidated every time, so a new build is picked up at once.
enum WebFiles {
    static func middleware<Context: RequestContext>(root: String, logger: Logger) -> FileMiddleware<Context, LocalFileSystem> {
        let forever: [CacheControl.CacheControlValue] = [.public, .maxAge(31_536_000), .immutable]
        return FileMiddleware(
            root,
            cacheControl: CacheControl([
                (MediaType.textHtml, [.noCache]),
                (MediaType.textJavascript, forever),
                (MediaType.textCss, forever),
                (MediaType.applicationJson, forever),
            ]),
            searchForIndexHtml: true,
            logger: logger
        )
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
