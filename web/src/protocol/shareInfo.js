// How to invite people (GET /api/share, docs/PROTOCOL.md section 4). The gateway puts the invite link
// with its generated key in the answer only for a request that presents that key, so the page sends the
// key its tab holds: someone who came in through the link sees the link to pass on, nobody else does.

import { bearerHeaders } from './accessKey.js';

/** The share information of the page's own gateway, or undefined; `accessKey` is this tab's key ('' for none). */
export async function fetchShareInfo(accessKey, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl('/api/share', { cache: 'no-store', headers: bearerHeaders(accessKey) });
  return response.ok ? response.json() : undefined;
}
