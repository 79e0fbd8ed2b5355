import { useState } from 'react';

import { MAX_INLINE_BODY_BYTES } from '../files/fileMetadata.js';
import { formatFileSize } from '../files/fileSize.js';
import { FileProblem } from './FileProblem.jsx';
import { ImageViewer } from './ImageViewer.jsx';
import { useFileBody } from './useFileBody.js';
import { useObjectURL } from './useObjectURL.js';

/** The picture's shape, from its metadata, so that the line keeps its height while the picture loads. */
const shapeOf = ({ width, height }) => (width && height ? { width, height } : {});

/**
 * A shared picture in the conversation: itself when it is small (at most 512 KiB, fetched at once), else
 * its thumbnail; a click shows it full size. Always from a blob: URL or the thumbnail's data: URL,
 * never the gateway's URL (it needs the access key as a header). `files`: the session's {bodies, onExpired}.
 */
export function FileImage({ item, metadata, files }) {
  const [viewing, setViewing] = useState(false);
  const small = item.file.size <= MAX_INLINE_BODY_BYTES;
  const body = useFileBody(files, item, metadata.type, small);
  const url = useObjectURL(body.blob);
  const size = formatFileSize(item.file.bytes);
  let preview;
  if (url) {
    preview = <img data-testid="file-image" data-file-id={item.file.id} src={url} alt={metadata.name} {...shapeOf(metadata)} />;
  } else if (metadata.thumb) {
    preview = <img data-testid="file-thumbnail" data-file-id={item.file.id} src={`data:image/jpeg;base64,${metadata.thumb}`} alt={metadata.name} {...shapeOf(metadata)} />;
  } else {
    preview = (
      <span className="file-placeholder">
        🖼 <bdi>{metadata.name}</bdi> ({size})
      </span>
    );
  }
  return (
    <span className="file-picture">
      <button type="button" className="file-image" onClick={() => setViewing(true)} aria-haspopup="dialog" aria-label={`${metadata.name} (${size}): show it full size`}>
        {preview}
      </button>
      <FileProblem status={body.status} />
      {viewing && <ImageViewer item={item} metadata={metadata} files={files} onClose={() => setViewing(false)} />}
    </span>
  );
}
