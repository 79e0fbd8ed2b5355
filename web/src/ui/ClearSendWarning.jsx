/**
 * Before a direct message goes unencrypted: who it is to and why it cannot be sealed, and the explicit
 * "Send unencrypted" it takes (docs/PROTOCOL.md, "Direct messages"). Cancel keeps the text.
 */
export function ClearSendWarning({ to, onSend, onCancel }) {
  return (
    <div className="clear-send-warning" role="alert">
      <p>
        <span aria-hidden="true">⚠</span> No encryption keys are known for {to} (they use a client without keys, or share no room with you): this message would go
        unencrypted, and the server could read it.
      </p>
      <button type="button" className="send-unencrypted" onClick={onSend}>
        Send unencrypted
      </button>{' '}
      <button type="button" className="cancel-unencrypted" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
