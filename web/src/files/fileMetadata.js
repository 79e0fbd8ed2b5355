// What a `file` event's text says of the file (docs/PROTOCOL.md, "Files"): a JSON object as a string,
// {name, type, thumb?, width?, height?}, written by the sender. Receivers read it as untrusted: text that
// is not such an object is a file named `file` of unknown type, a name that breaks the rules is made
// safe, and a thumbnail that is not a small JPEG is dropped. The same rules as
// Shared/ChatProtocol/FileMetadata.swift.

import { decodeBase64 } from '../crypto/base64.js';
import { utf8 } from '../crypto/bytes.js';

/** The most text a `file` event may carry, thumbnail included (the server refuses more). */
export const MAX_METADATA_BYTES = 8 * 1024;
/** The largest thumbnail: bytes of JPEG (before base64), and pixels a side. */
export const MAX_THUMB_BYTES = 4 * 1024;
export const MAX_THUMB_SIDE = 160;
export const MAX_NAME_BYTES = 255;
export const FALLBACK_NAME = 'file';
export const UNKNOWN_TYPE = 'application/octet-stream';
/** The types shown inline: raster images only (an SVG can carry scripts). */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** A picture up to this size shows itself in the conversation (fetched at once); a larger one its thumbnail until clicked. */
export const MAX_INLINE_BODY_BYTES = 512 * 1024;

// `/`, `\`, control characters (Cc) and format characters (Cf: bidi overrides, which can make `gpj.exe` read as `exe.jpg`).
const UNSAFE = /[/\\\p{Cc}\p{Cf}]/gu;
const MIME_PART = /^[A-Za-z0-9!#$&^_.+-]+$/;
const JPEG_BASE64 = '/9j/'; // FF D8 FF: every JPEG starts so
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/** The characters of `text` as people see them (grapheme clusters), so that a cut never splits one. */
const charactersOf = (text) => (segmenter ? [...segmenter.segment(text)].map((part) => part.segment) : [...text]);

/** `name` without `/`, `\` or control characters, at most 255 UTF-8 bytes (cut at a character), and never empty, `.` or `..`. */
export function safeFileName(name) {
  let kept = '';
  let bytes = 0;
  for (const character of charactersOf(String(name).replace(UNSAFE, ''))) {
    const size = utf8(character).length;
    if (bytes + size > MAX_NAME_BYTES) break;
    kept += character;
    bytes += size;
  }
  const trimmed = kept.trim();
  return trimmed === '' || trimmed === '.' || trimmed === '..' ? FALLBACK_NAME : trimmed;
}

/** Whether `type` is written as a MIME type (`type/subtype` of token characters, at most 127 bytes). */
export function isMIMEType(type) {
  if (typeof type !== 'string' || type.length > 127) return false;
  const parts = type.split('/');
  return parts.length === 2 && parts.every((part) => MIME_PART.test(part));
}

/** Whether a file of `type` is shown as an image. */
export const isInlineImage = (type) => INLINE_IMAGE_TYPES.has(type);

/** Whether `thumb` is base64 of a JPEG of at most 4 KiB: what may go into a data: URL. */
export function isThumbnail(thumb) {
  if (typeof thumb !== 'string' || !thumb.startsWith(JPEG_BASE64)) return false;
  const bytes = decodeBase64(thumb);
  return bytes !== undefined && bytes.length <= MAX_THUMB_BYTES;
}

const isDimension = (value) => Number.isInteger(value) && value > 0;

/** The metadata of a file to send: its name made safe, its type (unknown if it is not one), and what the thumbnail gave. */
export function metadataOf({ name, type, thumb, width, height }) {
  const metadata = { name: safeFileName(name), type: isMIMEType(type) ? type.toLowerCase() : UNKNOWN_TYPE };
  if (isThumbnail(thumb)) metadata.thumb = thumb;
  if (isDimension(width) && isDimension(height)) Object.assign(metadata, { width, height });
  return metadata;
}

/** The metadata as a `file` event's text. */
export function metadataText({ name, type, thumb, width, height }) {
  return JSON.stringify({ name, type, thumb, width, height });
}

/** What a `file` event's text says: {name, type, thumb?, width?, height?}; a file named `file` if it is not metadata. */
export function readMetadata(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const optionalNumber = (field) => field === undefined || Number.isInteger(field);
  const valid =
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.name === 'string' && typeof value.type === 'string' &&
    (value.thumb === undefined || typeof value.thumb === 'string') && optionalNumber(value.width) && optionalNumber(value.height);
  if (!valid) return { name: FALLBACK_NAME, type: UNKNOWN_TYPE };
  return metadataOf(value);
}
