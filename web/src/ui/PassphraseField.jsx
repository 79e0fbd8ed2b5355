import { isWeakPassphrase } from '../e2e/passphraseStrength.js';

/**
 * A room passphrase, with the protocol's weak-passphrase warning as it is typed: whoever sees the
 * ciphertext (the operator, a tunnel) can guess a weak one offline. `hideLabel`: for the sidebar's form.
 */
export function PassphraseField({ id, name, value, onChange, disabled, placeholder, title, hideLabel = false }) {
  const weak = value !== '' && isWeakPassphrase(value);
  return (
    <>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        Passphrase (optional)
      </label>
      <input
        id={id}
        name={name}
        type="password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        disabled={disabled}
        placeholder={placeholder}
        title={title}
        aria-describedby={weak ? `${id}-weak` : undefined}
      />
      {weak && (
        <p id={`${id}-weak`} className="passphrase-warning" role="status">
          ⚠ Weak passphrase: whoever sees the encrypted messages can guess it offline. Use 12 or more characters of several kinds, or a few random words, or a new
          random key instead.
        </p>
      )}
    </>
  );
}
