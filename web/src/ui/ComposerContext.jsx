/** Above the composer while it replies to a message or edits one of ours: what, and a way out (as Escape). */
export function ComposerContext({ composing, onCancel }) {
  const { mode, item } = composing;
  return (
    <div className={`composer-context ${mode}`} role="status">
      {mode === 'reply' ? (
        <>
          Replying to <strong>{item.from}</strong>
        </>
      ) : (
        'Editing your message'
      )}{' '}
      <button type="button" className="link" onClick={onCancel} aria-label={mode === 'reply' ? 'Cancel the reply' : 'Cancel the edit'}>
        Cancel
      </button>
      <span className="hint"> (Esc)</span>
    </div>
  );
}
