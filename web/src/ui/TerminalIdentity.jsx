import { useId } from 'react';

/**
 * "Use my terminal identity": a place to paste what `chat --export-identity` prints, so this browser
 * signs as the same person as the terminal. A password field: the text is the secret key itself.
 */
export function TerminalIdentity({ value, onChange, open, onToggle, disabled }) {
  const id = useId();
  return (
    <details className="terminal-identity" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>Use my terminal identity</summary>
      <label htmlFor={`${id}-carried`}>
        What <code>chat --export-identity</code> printed
      </label>
      <input
        id={`${id}-carried`}
        name="terminal-identity"
        type="password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="privchat-id1-secret:…"
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        aria-describedby={`${id}-warning`}
      />
      <p id={`${id}-warning`} className="identity-warning">
        It replaces this browser’s identity key, for good. A name the old key holds stays bound to that key on the server until the binding expires. The text is
        your secret key: paste it only here, and show it to nobody.
      </p>
    </details>
  );
}
