const timeOf = (time) => new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Colour of a name: the same name always gets the same hue. */
export function hueOf(name) {
  let hash = 2166136261;
  for (const char of name.toLowerCase()) hash = Math.imul(hash ^ char.codePointAt(0), 16777619);
  return Math.abs(hash) % 360;
}

/** What is shown instead of a sealed text that cannot be read: never its bytes. */
export const SEALED_MARKERS = {
  failed: '🔒 cannot decrypt this message (different passphrase?)',
  locked: '🔒 encrypted message — join with the passphrase to read it',
};

/** Marks a plain text in an encrypted room: the server could read it, and anyone could have written it. */
function NotEncrypted() {
  return (
    <span className="not-encrypted" title="Sent without encryption in an encrypted room: the server could read it, and anyone could have written it">
      not encrypted
    </span>
  );
}

/** One line: a message, an action (/me), or a quiet system line. Text is always rendered as text. */
export function MessageItem({ item }) {
  if (item.type === 'system') {
    return <li className={`system ${item.problem ? 'problem' : ''}`}>{item.text}</li>;
  }
  const marker = SEALED_MARKERS[item.e2e];
  const classes = ['message', item.own ? 'own' : '', item.type === 'action' ? 'action' : '', item.status ?? '', item.history ? 'history' : '', item.e2e ? `e2e-${item.e2e}` : ''];
  const name = (
    <span className="from" style={{ color: `hsl(${hueOf(item.from)} 60% 40%)` }}>
      {item.from}
    </span>
  );
  return (
    <li className={classes.filter(Boolean).join(' ')} data-seq={item.seq}>
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
      {item.e2e === 'plain' && <NotEncrypted />}
      {item.status === 'pending' && <span className="state"> sending…</span>}
      {item.status === 'failed' && <span className="state"> not sent: {item.error}</span>}
    </li>
  );
}
