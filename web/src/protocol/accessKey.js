// The chat's access key (docs/PROTOCOL.md, "0. Connecting"): an invite link carries it in the URL
// fragment (`#key=KEY`, see inviteLink.js), which browsers never send to any server. The page keeps
// it for this tab only (sessionStorage). Browsers cannot set headers on a WebSocket, so the key travels
// as a subprotocol token next to privchat.v1; the server never echoes it back.

import { gatewayHTTPURL } from './serverURL.js';

const STORAGE_KEY = 'privchat.key';
const KEY_PROTOCOL_PREFIX = 'privchat.key.';
const VALID = /^[A-Za-z0-9\-_.~]{16,128}$/;

export const ACCESS_KEY_NEEDED = 'This chat needs an access key: open your invite link, or enter the key under Advanced';
/** For a server that cannot be reached and cannot be asked whether it needs a key. */
export const ACCESS_KEY_HINT = 'If this chat needs an access key: open your invite link, or enter the key under Advanced.';

/** Whether a key has the form the server accepts (and a subprotocol token allows). */
export function isValidAccessKey(key) {
  return VALID.test(key);
}

/** The subprotocols to offer: privchat.v1 (what the server answers), and the key if there is one. */
export function subprotocols(base, key) {
  return key ? [base, KEY_PROTOCOL_PREFIX + key] : [base];
}

/** The headers an HTTP request to the gateway presents the key in (`Authorization: Bearer`), none without a key. */
export function bearerHeaders(key) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** The key this tab holds, or ''. */
export function storedAccessKey(storage = globalThis.sessionStorage) {
  try {
    return storage?.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keeps `key` for this tab ('' forgets it). */
export function storeAccessKey(key, storage = globalThis.sessionStorage) {
  try {
    if (key) storage?.setItem(STORAGE_KEY, key);
    else storage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: the key lasts as long as the page.
  }
}

/**
 * Asks the gateway behind a WebSocket URL whether it needs an access key (GET /api/share, which
 * answers `key_required`). Browsers hide why a WebSocket handshake failed, so this is how the page
 * tells "wrong or missing key" from "server down". Resolves to true, false, or undefined (cannot tell).
 */
export async function accessKeyRequired(url, { fetchImpl = globalThis.fetch, origin = globalThis.location?.origin } = {}) {
  const share = gatewayHTTPURL(url, '/api/share');
  // Another site's gateway (Advanced): the page's Content-Security-Policy forbids asking it.
  if (!share || !fetchImpl || share.origin !== origin) return undefined;
  try {
    const response = await fetchImpl(share, { cache: 'no-store' });
    if (response.status === 401) return true;
    if (!response.ok) return undefined;
    const body = await response.json();
    return typeof body?.key_required === 'boolean' ? body.key_required : undefined;
  } catch {
    return undefined;
  }
}
