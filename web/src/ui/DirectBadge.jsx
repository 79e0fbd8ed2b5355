/**
 * Whether a private conversation is end-to-end encrypted: it is when we know the other person's
 * sealing key (they use a client with keys, and share a room with us or wrote to us sealed).
 */
export function DirectBadge({ name, person }) {
  if (person?.sealable) {
    return (
      <span className="encryption ready direct-encrypted" data-status="ready" title={`Sealed between your keys and ${name}’s: the server cannot read this conversation.`}>
        <span aria-hidden="true">🔒</span> end-to-end encrypted
      </span>
    );
  }
  return (
    <span className="encryption direct-clear" data-status="clear" title={`No encryption keys are known for ${name}: messages to them would go unencrypted, after you confirm.`}>
      ⚠ not encrypted
    </span>
  );
}
