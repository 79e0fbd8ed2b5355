/** The choice to let others see how far we read (off by default, kept in this browser), and to see theirs. */
export function ReadVisibilitySetting({ visible, onChange }) {
  return (
    <label className="check read-visibility" title="When on, the members of your rooms see how far you read, and you see how far they read">
      <input type="checkbox" name="read-visible" checked={visible} onChange={(event) => onChange(event.target.checked)} />
      Let others see how far I read
    </label>
  );
}
