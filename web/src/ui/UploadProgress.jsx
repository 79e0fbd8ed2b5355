import { readMetadata } from '../files/fileMetadata.js';
import { formatFileSize } from '../files/fileSize.js';

/** How far our file's upload is (`item.upload`: {sent, total}), as a progress bar, and a way to stop it. */
export function UploadProgress({ item, onCancel }) {
  const { sent, total } = item.upload ?? { sent: 0, total: 0 };
  const percent = total ? Math.floor((sent * 100) / total) : 0;
  const { name } = readMetadata(item.text);
  return (
    <span className="upload-progress">
      <span
        className="upload-bar"
        role="progressbar"
        data-testid="upload-progress"
        aria-label={`Uploading ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${formatFileSize(sent)} of ${formatFileSize(total)})`}
      >
        <span className="upload-done" style={{ width: `${percent}%` }} />
      </span>
      <span className="upload-percent" aria-hidden="true">
        {percent}%
      </span>
      <button type="button" className="link" onClick={onCancel} aria-label={`Cancel the upload of ${name}`}>
        Cancel
      </button>
    </span>
  );
}
