// A file the user shares, before anything of it goes up (docs/PROTOCOL.md, "Files"): refused if the
// server would refuse it (`too_large` is never earned: no chunk of it is sent), else its size as stored
// (sealed, in an encrypted room: the room's current key is chosen now), its metadata's text and its bytes.

import { noKeyReason } from '../e2e/outgoingSeal.js';
import { maxPlaintextBytes } from '../e2e/sealedText.js';
import { MAX_METADATA_BYTES, metadataOf, metadataText } from './fileMetadata.js';
import { formatFileSize } from './fileSize.js';
import { sealedBodySize } from './sealedBody.js';

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** Two sizes as people read them; in bytes if they would read the same (`10 MiB` over `10 MiB` explains nothing). */
function readableSizes(size, limit) {
  const [shown, most] = [formatFileSize(size), formatFileSize(limit)];
  return shown === most ? [`${size} bytes`, `${limit} bytes`] : [shown, most];
}

/**
 * {refused: why} (for people, after “was not sent: ”), or {roomKey (undefined: the room is not
 * encrypted), size (as stored), text (the metadata), plain (the bytes)}. `details(file)`: a picture's
 * {width, height, thumb} (canvasThumbnail.js).
 */
export async function prepareFile(file, room, { limits, keyring, identity, details }) {
  if (!limits) return { refused: 'not connected yet. Send it again in a moment.' };
  if (!limits.max_file_bytes) return { refused: 'this server does not take files.' };
  if (file.size === 0) return { refused: 'it is empty.' };
  let roomKey;
  if (keyring.encrypts(room)) {
    await keyring.settled(room);
    roomKey = keyring.currentKey(room);
    if (!roomKey || !identity) return { refused: noKeyReason(keyring, room) };
  }
  const size = roomKey ? sealedBodySize(file.size, roomKey) : file.size;
  if (size > limits.max_file_bytes) {
    const [shown, most] = readableSizes(size, limits.max_file_bytes);
    return { refused: `it is ${shown}${roomKey ? ' once encrypted' : ''}, and the limit is ${most}.` };
  }
  const metadata = metadataOf({ name: file.name, type: file.type, ...(await details(file).catch(() => ({}))) });
  const text = fittingText(metadata, roomKey, limits);
  return { roomKey, size, text, plain: new Uint8Array(await file.arrayBuffer()) };
}

/** The metadata's text; without the thumbnail if the text would be over the server's limit with it (sealed, in an encrypted room). */
function fittingText(metadata, roomKey, limits) {
  const limit = Math.min(MAX_METADATA_BYTES, limits.max_message_bytes ?? MAX_METADATA_BYTES);
  const most = roomKey ? maxPlaintextBytes(limit, roomKey.salt.length > 0) : limit;
  const text = metadataText(metadata);
  return utf8Length(text) <= most ? text : metadataText({ ...metadata, thumb: undefined });
}
