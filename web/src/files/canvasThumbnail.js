// What the browser can tell of a picture before it goes up: its width and height, and a thumbnail
// drawn on a canvas (thumbnail.js says how small). Only the raster types shown inline are decoded; any
// failure (a broken picture, a browser without createImageBitmap) just leaves them out.

import { encodeBase64 } from '../crypto/base64.js';
import { isInlineImage } from './fileMetadata.js';
import { fitThumbnail } from './thumbnail.js';

/** A canvas of `width` × `height`: an OffscreenCanvas where there is one, else a detached <canvas>. */
function canvasOf({ width, height }) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement('canvas'), { width, height });
}

/** The canvas's picture as JPEG bytes at `quality`. */
async function jpegOf(canvas, quality) {
  const blob = canvas.convertToBlob
    ? await canvas.convertToBlob({ type: 'image/jpeg', quality })
    : await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return blob && new Uint8Array(await blob.arrayBuffer());
}

/** {width, height, thumb (base64 JPEG)} of a picture file, as much of it as could be made; {} for anything else. */
export async function imageDetails(file) {
  if (!isInlineImage(file.type) || typeof createImageBitmap !== 'function') return {};
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return {};
  }
  try {
    const full = { width: bitmap.width, height: bitmap.height };
    const encode = async (size, quality) => {
      const canvas = canvasOf(size);
      const context = canvas.getContext('2d');
      // JPEG has no transparency: a transparent picture goes on white, not black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, size.width, size.height);
      context.drawImage(bitmap, 0, 0, size.width, size.height);
      return jpegOf(canvas, quality);
    };
    const thumbnail = await fitThumbnail(encode, full).catch(() => undefined);
    return thumbnail ? { ...full, thumb: encodeBase64(thumbnail.bytes) } : full;
  } finally {
    bitmap.close?.();
  }
}
