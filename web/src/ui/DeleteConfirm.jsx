import { popupKeys } from './popupKeys.js';

/** Asks before a message of ours is deleted for everyone: it cannot be undone. */
export function DeleteConfirm({ onDelete, onCancel }) {
  return (
    <span className="delete-confirm" role="alertdialog" aria-label="Delete this message?" onKeyDown={popupKeys(onCancel)}>
      Delete this message for everyone?{' '}
      <button type="button" className="danger" onClick={onDelete} autoFocus>
        Delete
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
