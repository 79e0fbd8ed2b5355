// Which server the GUI connects to, and so offers the tab's access key: the page's own origin, or a
// server on this machine (localhost, 127.0.0.0/8, [::1]), which `make web-dev` names with ?server=.
// Any other server, from the query or typed under Advanced, would be handed the key: it is refused.

/** The page's own origin, as a WebSocket URL: works behind nginx and tunnels (wss://) unchanged. */
export function defaultServerURL(location = globalThis.location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** `url` parsed, if it is a ws:// or wss:// URL. */
function webSocketURL(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'ws:' || parsed.protocol === 'wss:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `url` is a WebSocket server on this machine. The URL parser has already normalised `127.1` and `0x7f.1`. */
export function isLoopbackServer(url) {
  const parsed = webSocketURL(url);
  if (!parsed) return false;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether the GUI may connect to `url`: the page's own host, or this machine. */
export function isAllowedServer(url, location = globalThis.location) {
  const parsed = webSocketURL(url);
  return Boolean(parsed) && (parsed.host === location.host || isLoopbackServer(url));
}

/** The server a page opened with `?server=requested` connects to: that one if allowed, else the page's own. */
export function initialServerURL(requested, location = globalThis.location) {
  return requested && isAllowedServer(requested, location) ? requested : defaultServerURL(location);
}

/** An HTTP address on the gateway behind a WebSocket URL (`/api/share`, `/files/ID`): the same host, http(s) for ws(s); undefined if `url` is not one. */
export function gatewayHTTPURL(url, path) {
  try {
    return new URL(path, url.replace(/^ws(s?):/, 'http$1:'));
  } catch {
    return undefined;
  }
}
