/**
 * Above a message signed with another key than the one pinned for its sender, like Signal's "safety
 * number changed"; louder when the old key was a verified contact's. It stays on the message after the
 * new key is accepted, saying so: the message came under a changed key either way.
 */
export function KeyChangedBanner({ from, signature, accepted, onReview }) {
  const loud = signature.previousVerified;
  return (
    <div className={`key-changed-banner ${loud ? 'loud' : ''}`}>
      <span aria-hidden="true">⚠</span>{' '}
      {loud
        ? `${from} was a verified contact, but this message is signed with a different key: it may not be from them.`
        : `${from}’s safety number changed: this message is signed with a different key than before.`}{' '}
      {accepted ? 'You accepted the new key.' : 'They may have a new device, or someone else is using the name.'}{' '}
      <button type="button" className="link review-key" onClick={onReview}>
        Compare safety numbers
      </button>
    </div>
  );
}
