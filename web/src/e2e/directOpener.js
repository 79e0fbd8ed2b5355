// What a reader is shown of a direct message: an `e2d2:` text opened with the pair key of our sealing
// key and the box inside it (which must verify with the dm's `key`), or the "not encrypted" mark on a
// clear one. Opening one teaches us the sender's box, so the answer is sealed too.

import { publicKeyBytes } from '../identity/signatures.js';
import { isDirectSealed, openDirect } from './directText.js';
import { shownText } from './roomOpener.js';

/** The dm as shown, with `e2e`: `ok` (opened), `failed` (sealed, but not for us or altered), `plain` (sent in the clear). */
export async function openDirectMessage(dm, { identity, directory }) {
  if (!isDirectSealed(dm.text)) return { ...dm, e2e: 'plain' };
  const senderKey = publicKeyBytes(dm.key);
  const opened = senderKey && identity ? await openDirect(dm.text, { senderKey, me: identity.sealer, id: dm.id }) : { ok: false };
  if (!opened.ok) return { ...dm, text: '', e2e: 'failed' };
  await directory.learn(dm.from, dm.key, opened.box);
  return { ...dm, text: shownText(opened.text), e2e: 'ok' };
}
