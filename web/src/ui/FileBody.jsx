import { useMemo } from 'react';

import { isInlineImage, readMetadata } from '../files/fileMetadata.js';
import { FileCard } from './FileCard.jsx';
import { FileImage } from './FileImage.jsx';

/**
 * What a `file` event shows (docs/PROTOCOL.md, "What clients show"): a picture of a raster type inline
 * (never an SVG), anything else as a card with its name, size and a download button; a body the
 * relay no longer holds as "file expired". The metadata is the sender's word: read as untrusted, shown
 * as text. `files`: the session's {bodies, onExpired}.
 */
export function FileBody({ item, files }) {
  const metadata = useMemo(() => readMetadata(item.text), [item.text]);
  const facts = item.file ?? {};
  if (isInlineImage(metadata.type) && facts.id && !facts.expired && files) return <FileImage item={item} metadata={metadata} files={files} />;
  return <FileCard item={item} metadata={metadata} files={files} />;
}
