import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

import { formatFileSize } from '../files/fileSize.js';
import { FileProblem } from './FileProblem.jsx';
import { saveFile } from './saveFile.js';
import { useFileBody } from './useFileBody.js';
import { useObjectURL } from './useObjectURL.js';

/**
 * A picture at full size, in a modal dialog over the page (Escape, the ✕ or a click beside it closes
 * it). Its body is fetched now if the conversation showed only its thumbnail, and its blob: URL let go
 * when the dialog closes. `item`, `metadata` and `files` as for FileImage.
 */
export function ImageViewer({ item, metadata, files, onClose }) {
  const dialog = useRef(null);
  const body = useFileBody(files, item, metadata.type, true);
  const url = useObjectURL(body.blob);

  useEffect(() => {
    const element = dialog.current;
    if (!element.open) element.showModal();
    return () => element.open && element.close();
  }, []);

  const close = () => dialog.current?.close();
  return createPortal(
    <dialog className="image-viewer" ref={dialog} aria-label={metadata.name} onClose={onClose} onClick={(event) => event.target === dialog.current && close()}>
      <div className="image-viewer-bar">
        <span className="file-name">
          <bdi>{metadata.name}</bdi>
        </span>
        <span className="file-size">{formatFileSize(item.file.bytes)}</span>
        <button type="button" disabled={!body.blob} onClick={() => saveFile(body.blob, metadata.name)}>
          Download
        </button>
        <button type="button" onClick={close} aria-label="Close" autoFocus>
          ✕
        </button>
      </div>
      {url ? (
        <img className="image-viewer-picture" data-testid="file-image" data-file-id={item.file.id} src={url} alt={metadata.name} />
      ) : (
        <p className="image-viewer-wait">{body.status === 'loading' || body.status === 'idle' ? 'Loading…' : <FileProblem status={body.status} />}</p>
      )}
    </dialog>,
    document.body,
  );
}
