/**
 * Says that a room is end-to-end encrypted, and shows its key's fingerprint: members who typed the same
 * passphrase see the same one, so comparing it (in person, by phone) tells them they can read each other.
 */
export function EncryptionBadge({ encryption }) {
  if (!encryption) return null;
  if (encryption.status === 'deriving') {
    return (
      <span className="encryption deriving" role="status">
        <span aria-hidden="true">🔒</span> deriving key…
      </span>
    );
  }
  if (encryption.status === 'failed') {
    return (
      <span className="encryption failed" role="alert">
        <span aria-hidden="true">🔒</span> cannot derive the key: {encryption.error}
      </span>
    );
  }
  return (
    <span
      className="encryption ready"
      title="End-to-end encrypted: the server cannot read this room. Everyone who typed the same passphrase sees the same key fingerprint; compare it with them."
    >
      <span aria-label="end-to-end encrypted">🔒</span> key <span className="fingerprint">{encryption.fingerprint}</span>
    </span>
  );
}
