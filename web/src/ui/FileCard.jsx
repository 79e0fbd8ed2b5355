import { useState } from 'react';

import { isInlineImage } from '../files/fileMetadata.js';
import { formatFileSize } from '../files/fileSize.js';
import { FileProblem } from './FileProblem.jsx';
import { saveFile } from './saveFile.js';
import { bodyRequest } from './useFileBody.js';

/**
 * A shared file that is not shown as a picture: its name, its size and a Download button, which fetches
 * the body (opened, in an encrypted room) and offers it under its name. An expired file says so.
 * `files`: the session's {bodies, onExpired}; none, as in a view without them, shows no button.
 */
export function FileCard({ item, metadata, files }) {
  const [download, setDownload] = useState({ status: 'idle' });
  const facts = item.file ?? {};
  const expired = facts.expired || download.status === 'expired';
  // Our own is ours to download once it is up; before, it is still going.
  const available = Boolean(files && facts.id) && !expired && (item.status === undefined || item.status === 'sent' || item.status === 'pending');
  const size = formatFileSize(facts.bytes ?? facts.size ?? 0);

  const save = async () => {
    setDownload({ status: 'loading' });
    const body = await files.bodies.load(bodyRequest(facts, item.e2e === 'ok', metadata.type));
    setDownload(body);
    if (body.status === 'ready') saveFile(body.blob, metadata.name);
    if (body.status === 'expired') files.onExpired(facts.room, facts.id);
  };

  return (
    <span className={`file-card${expired ? ' expired' : ''}`} data-testid="file-card" data-file-id={facts.id}>
      <span className="file-icon" aria-hidden="true">
        {isInlineImage(metadata.type) ? '🖼' : '📄'}
      </span>
      <span className="file-name">
        <bdi>{metadata.name}</bdi>
      </span>
      <span className="file-size">{size}</span>
      {expired && <FileProblem status="expired" />}
      {available && (
        <button type="button" className="file-download" data-testid="file-download" onClick={save} disabled={download.status === 'loading'} aria-label={`Download ${metadata.name} (${size})`}>
          {download.status === 'loading' ? 'Downloading…' : 'Download'}
        </button>
      )}
      {!expired && <FileProblem status={download.status} />}
    </span>
  );
}
