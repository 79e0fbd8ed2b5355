/** The choice to let others see how far we read (off by default, kept in this browser), and to see theirs: Settings' privacy group. */
export function ReadVisibilitySetting({ visible, onChange }) {
  return (
    <fieldset className="settings-group">
      <legend>Privacy</legend>
      <p className="hint">When on, the members of your rooms see how far you read, and you see how far they read.</p>
      <label className="check">
        <input type="checkbox" name="read-visible" checked={visible} onChange={(event) => onChange(event.target.checked)} />
        Let others see how far I read
      </label>
    </fieldset>
  );
}
