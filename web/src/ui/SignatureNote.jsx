/** The note for each state that needs one, or undefined. */
function noteFor(signature, from) {
  switch (signature?.state) {
    case 'first-seen':
      return (
        <span
          className="signature-note first-seen"
          title={`The first message signed with this key as ${from}: it is pinned to the name now. Compare safety numbers to know the key is theirs.`}
        >
          first message from this key <span className="fingerprint">{signature.fingerprint}</span>
        </span>
      );
    case 'invalid':
      return (
        <span className="signature-note invalid" title={`The signature does not match this message: it was altered, or not signed by the key it names. Do not take it as ${from}’s.`}>
          ⚠ invalid signature
        </span>
      );
    case 'unsigned':
      return (
        <span className="signature-note unsigned" title={`Sent by a client without an identity key: anyone could have written it as ${from}.`}>
          unsigned
        </span>
      );
    default:
      return undefined;
  }
}

/**
 * What a message's signature says, after its text (see identity/signatureState.js): a note when the
 * key is seen for the first time, a marker when the signature is invalid or missing. A verified one
 * needs no words; a verified contact's ✔ is by the name, a changed key's banner above the line.
 */
export function SignatureNote({ signature, from }) {
  const note = noteFor(signature, from);
  // A space before it, so that the line reads (and copies) as words.
  return note ? <> {note}</> : null;
}
