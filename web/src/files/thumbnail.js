// A picture's thumbnail for its metadata (docs/PROTOCOL.md, "Files"): a JPEG of at most 160 pixels a
// side and 4 KiB, so that history stays small. A detailed picture does not fit at once: smaller
// qualities, then smaller sides, are tried in turn, and a picture that fits at none has no thumbnail.
// The encoder is passed in (canvasThumbnail.js draws with a canvas), so the rule is tested without one.

import { MAX_THUMB_BYTES, MAX_THUMB_SIDE } from './fileMetadata.js';

/** The attempts, best first: {side (pixels), quality (0 to 1)}. */
export const THUMBNAIL_STEPS = [
  { side: MAX_THUMB_SIDE, quality: 0.7 },
  { side: MAX_THUMB_SIDE, quality: 0.5 },
  { side: MAX_THUMB_SIDE, quality: 0.3 },
  { side: 120, quality: 0.4 },
  { side: 96, quality: 0.4 },
  { side: 64, quality: 0.4 },
];

/** `width` × `height` scaled down (never up) to at most `side` pixels a side, keeping the shape; at least 1 pixel each way. */
export function thumbnailSize(width, height, side = MAX_THUMB_SIDE) {
  const scale = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The first attempt whose JPEG fits `maxBytes`: {bytes, width, height} (the thumbnail's own size), or
 * undefined. `encode({width, height}, quality)` resolves to the JPEG's bytes (undefined: cannot).
 */
export async function fitThumbnail(encode, { width, height }, { steps = THUMBNAIL_STEPS, maxBytes = MAX_THUMB_BYTES } = {}) {
  for (const { side, quality } of steps) {
    const size = thumbnailSize(width, height, side);
    const bytes = await encode(size, quality);
    if (!bytes) return undefined;
    if (bytes.length <= maxBytes) return { bytes, ...size };
  }
  return undefined;
}
