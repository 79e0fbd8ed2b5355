import { FileBody } from './FileBody.jsx';
import { MessageText } from './MessageText.jsx';

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

/**
 * A message's sender and what it says: its (latest) text with mentions, an action as `* name text`, a
 * shared file (`files`: how its body is fetched, see FileBody), a marker for a sealed text that cannot
 * be read, or the tombstone of a deleted one; "(edited)" after an edited text. A sender's name opens
 * their safety number (`onIdentity`); a ✔ marks a verified contact.
 */
export function MessageBody({ item, me, contactVerified, onIdentity, files }) {
  const colour = { color: `hsl(${hueOf(item.from)} 60% var(--name-lightness))` }; // styles.css: legible in either theme
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
  const edited = item.edited && (
    <span className="edited" title="This message was edited">
      {' '}
      (edited)
    </span>
  );
  if (item.deleted) {
    return (
      <>
        {name} <span className="text tombstone">message deleted</span>
      </>
    );
  }
  const marker = SEALED_MARKERS[item.e2e];
  if (marker) {
    return (
      <>
        {name} <span className={`text e2e-marker e2e-${item.e2e}`}>{marker}</span>
      </>
    );
  }
  if (item.type === 'file') {
    return (
      <>
        {name} <FileBody item={item} files={files} />
        {edited}
      </>
    );
  }
  if (item.type === 'action') {
    return (
      <span className="text">
        * {name} <MessageText text={item.text} me={me} />
        {edited}
      </span>
    );
  }
  return (
    <>
      {name}{' '}
      <span className="text">
        <MessageText text={item.text} me={me} />
      </span>
      {edited}
    </>
  );
}
