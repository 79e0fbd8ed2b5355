/** What the badge says for each state but `ready` (which shows the key's fingerprint). */
const STATES = {
  deriving: 'deriving key…',
  'left-out': 'encrypted · the room’s key was changed without you',
  'no-key': 'encrypted · you do not have the room’s key',
};

/**
 * Says that a room is end-to-end encrypted, and shows its key's fingerprint: members who hold the same
 * key see the same one, so comparing it (in person, by phone) tells them they can read each other.
 */
export function EncryptionBadge({ encryption }) {
  if (!encryption) return null;
  if (encryption.status === 'failed') {
    return (
      <span className="encryption failed" role="alert" data-status="failed">
        <span aria-hidden="true">🔒</span> cannot derive the key: {encryption.error}
      </span>
    );
  }
  if (encryption.status !== 'ready') {
    return (
      <span className={`encryption ${encryption.status}`} role="status" data-status={encryption.status}>
        <span aria-hidden="true">🔒</span> {STATES[encryption.status]}
      </span>
    );
  }
  const how = encryption.kind === 'passphrase' ? 'Everyone who typed the same passphrase' : 'Everyone who holds the room’s key';
  return (
    <span className="encryption ready" data-status="ready" data-kind={encryption.kind} title={`End-to-end encrypted: the server cannot read this room. ${how} sees the same key fingerprint; compare it with them.`}>
      <span aria-label="end-to-end encrypted">🔒</span> key <span className="fingerprint">{encryption.fingerprint}</span>
    </span>
  );
}
