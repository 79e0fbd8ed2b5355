/** The keys a focused message answers to, as aria-keyshortcuts says them. */
export const MESSAGE_KEYS = { reply: 'r', react: 'e +', edit: 'Enter', delete: 'Delete' };

/** The small bar a message shows on hover or focus: reply, react, and for our own, edit (not a shared file) and delete. */
export function MessageActions({ editable, deletable, onReply, onReact, onEdit, onDelete }) {
  return (
    <span className="message-actions" role="toolbar" aria-label="Message actions">
      <button type="button" onClick={onReply} aria-label="Reply" title="Reply (r)">
        ↩
      </button>
      <button type="button" onClick={onReact} aria-label="Add a reaction" title="React (e or +)">
        ☺
      </button>
      {editable && (
        <button type="button" onClick={onEdit} aria-label="Edit" title="Edit (Enter)">
          ✎
        </button>
      )}
      {deletable && (
        <button type="button" onClick={onDelete} aria-label="Delete" title="Delete (Delete)">
          🗑
        </button>
      )}
    </span>
  );
}
