import { pinName } from '../identity/pinBook.js';
import { isVerifiedContact } from '../identity/signatureState.js';
import { KeyChangedBanner } from './KeyChangedBanner.jsx';
import { SignatureNote } from './SignatureNote.jsx';

const timeOf = (time) => new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Colour of a name: the same name always gets the same hue. */
export function hueOf(name) {
  let hash = 2166136261;
  for (const char of name.toLowerCase()) hash = Math.imul(hash ^ char.codePointAt(0), 16777619);
  return Math.abs(hash) % 360;
}

/** What is shown instead of a sealed text that cannot be read: never its bytes. */
export const SEALED_MARKERS = {
  failed: '🔒 cannot decrypt this message (replayed, moved, retyped or tampered with)',
  locked: '🔒 sealed with a key you do not have',
};

/** Marks a plain text in an encrypted room, or a direct message sent in the clear: the server could read it. */
function NotEncrypted() {
  return (
    <span className="not-encrypted" title="Sent without end-to-end encryption: the server could read it">
      not encrypted
    </span>
  );
}

/**
 * One line: a message, an action (/me), or a quiet system line. Text is always rendered as text.
 * `data-signature` says what the signature said (verified, first-seen, key-changed, invalid, unsigned),
 * `data-contact-verified` that the sender is a verified contact with this very key (from `pins`, so it
 * follows "Mark as verified" at once). A sender's name opens their safety number (`onIdentity`).
 */
export function MessageItem({ item, pins = {}, onIdentity }) {
  if (item.type === 'system') {
    return (
      <li className={`system ${item.problem ? 'problem' : ''}`} data-key-change-of={item.keyChangeOf}>
        {item.text}
        {item.keyChangeOf && (
          <>
            {' '}
            <button type="button" className="link review-key" onClick={() => onIdentity?.(item.keyChangeOf)}>
              Compare safety numbers
            </button>
          </>
        )}
      </li>
    );
  }
  const marker = SEALED_MARKERS[item.e2e];
  const { signature } = item;
  const pin = pins[pinName(item.from)];
  const contactVerified = signature?.state === 'verified' && !signature.own && isVerifiedContact(pin, signature.key);
  const classes = ['message', item.own ? 'own' : '', item.type === 'action' ? 'action' : '', item.status ?? '', item.history ? 'history' : '', item.e2e ? `e2e-${item.e2e}` : ''];
  const colour = { color: `hsl(${hueOf(item.from)} 60% 40%)` };
  const sender = item.own ? (
    <span className="from" style={colour}>
      {item.from}
    </span>
  ) : (
    <button type="button" className="from" style={colour} onClick={() => onIdentity?.(item.from)} title={`${item.from}: safety number`}>
      {item.from}
    </button>
  );
  const name = (
    <>
      {sender}
      {contactVerified && (
        <span className="verified-mark" title={`Verified contact: you compared safety numbers with ${item.from}`} aria-label="verified contact">
          ✔
        </span>
      )}
    </>
  );
  return (
    <li className={classes.filter(Boolean).join(' ')} data-seq={item.seq} data-signature={signature?.state} data-contact-verified={contactVerified ? 'true' : undefined}>
      {signature?.state === 'key-changed' && (
        <KeyChangedBanner from={item.from} signature={signature} accepted={pin?.key === signature.key} onReview={() => onIdentity?.(item.from)} />
      )}
      <time dateTime={new Date(item.time).toISOString()}>{timeOf(item.time)}</time>{' '}
      {marker ? (
        <>
          {name} <span className={`text e2e-marker e2e-${item.e2e}`}>{marker}</span>
        </>
      ) : item.type === 'action' ? (
        <span className="text">
          * {name} {item.text}
        </span>
      ) : (
        <>
          {name} <span className="text">{item.text}</span>
        </>
      )}
      <SignatureNote signature={signature} from={item.from} />
      {item.e2e === 'plain' && <NotEncrypted />}
      {item.status === 'pending' && <span className="state"> sending…</span>}
      {item.status === 'failed' && <span className="state"> not sent: {item.error}</span>}
    </li>
  );
}
