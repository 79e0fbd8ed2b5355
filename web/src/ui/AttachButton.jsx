/**
 * Picks files to share in the room: a file input (what a keyboard, a screen reader and the system tests
 * reach) inside a label that looks like a button. The input is emptied after each pick, so that the
 * same file can be picked again.
 */
export function AttachButton({ room, onFiles }) {
  return (
    <label className="attach-button" title="Share a picture or a file">
      <input
        type="file"
        multiple
        className="visually-hidden"
        data-testid="attach-input"
        aria-label={`Share a picture or a file in #${room}`}
        onChange={(event) => {
          const files = [...event.target.files];
          event.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <span aria-hidden="true">📎</span>
    </label>
  );
}
