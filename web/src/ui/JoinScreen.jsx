import { useEffect, useId, useState } from 'react';

import { cryptoAvailable } from '../crypto/roomKey.js';
import { CarriedIdentityError, parseCarriedIdentity } from '../identity/carriedIdentity.js';
import { isValidAccessKey, storeAccessKey, storedAccessKey } from '../protocol/accessKey.js';
import { initialServerURL, isAllowedServer } from '../protocol/serverURL.js';
import { OwnIdentity } from './OwnIdentity.jsx';
import { TerminalIdentity } from './TerminalIdentity.jsx';

const remembered = (key, fallback) => {
  try {
    return globalThis.localStorage?.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
};

const remember = (key, value) => {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Private browsing: nothing is remembered.
  }
};

/** Where the page says to connect: `?server=…` when it is on this machine (the dev server), else the page's own origin. */
function initialServer() {
  return initialServerURL(new URLSearchParams(globalThis.location.search).get('server'));
}

/** Refusals that a terminal identity may answer: the name is held by a key, or the pasted one was wrong. */
const IDENTITY_ERRORS = new Set(['name_bound', 'carried_identity']);

/**
 * Name, room and an optional passphrase (which end-to-end encrypts the room); the server URL (this
 * page's own, or one on this machine) and the access key under "Advanced"; the terminal's identity key
 * under "Use my terminal identity". Remembers the last name and room, never the passphrase, the
 * identity text or the key (the key lasts for this tab, in sessionStorage). `browser`: this browser's
 * identity, once opened (see identity/browserIdentity.js).
 */
export function JoinScreen({ error, browser, onJoin }) {
  const id = useId();
  const [name, setName] = useState(() => remembered('privchat.name', ''));
  const [room, setRoom] = useState(() => remembered('privchat.room', 'lobby'));
  const [passphrase, setPassphrase] = useState('');
  const [server, setServer] = useState(initialServer);
  const [accessKey, setAccessKey] = useState(() => storedAccessKey());
  const [problem, setProblem] = useState(undefined);
  const [advanced, setAdvanced] = useState(error?.code === 'access_key');
  const [carried, setCarried] = useState('');
  const [terminal, setTerminal] = useState(IDENTITY_ERRORS.has(error?.code));
  const canEncrypt = cryptoAvailable();

  // A refusal that came while this screen was shown (the pasted identity would not import) opens it too.
  useEffect(() => {
    if (IDENTITY_ERRORS.has(error?.code)) setTerminal(true);
  }, [error]);

  const submit = (event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    const key = accessKey.trim();
    if (!isAllowedServer(server.trim())) {
      setProblem('This page connects only to its own server, or to one on this machine (localhost): open the other chat’s own page instead.');
      setAdvanced(true);
      return;
    }
    if (key && !isValidAccessKey(key)) {
      setProblem('An access key is 16 to 128 letters, digits and - _ . ~: check that you copied all of it.');
      setAdvanced(true);
      return;
    }
    if (carried.trim()) {
      try {
        parseCarriedIdentity(carried);
      } catch (failure) {
        if (!(failure instanceof CarriedIdentityError)) throw failure;
        setProblem(failure.message);
        setTerminal(true);
        return;
      }
    }
    storeAccessKey(key);
    remember('privchat.name', trimmed);
    remember('privchat.room', room.trim() || 'lobby');
    const rooms = [room.trim().replace(/^#/, '').toLowerCase() || 'lobby'];
    onJoin({ url: server.trim(), name: trimmed, rooms, accessKey: key, passphrase: canEncrypt ? passphrase : '', carriedIdentity: carried.trim() || undefined });
    setCarried(''); // the secret key is not kept here, whatever happens next
  };

  const shown = problem ? { message: problem } : error;
  return (
    <main className="join">
      <form className="join-card" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>Private Chat</h1>
        {shown && (
          <div className="join-error" role="alert">
            <p>{shown.message}</p>
            {shown.hint && <p>{shown.hint}</p>}
            {shown.rejectedKey && <p>The access key this tab has was not accepted.</p>}
            {shown.suggestion && (
              <button type="button" className="link" onClick={() => setName(shown.suggestion)}>
                Use “{shown.suggestion}” instead
              </button>
            )}
            {shown.code === 'name_bound' && <p>If the name is yours from the terminal, use your terminal identity below.</p>}
          </div>
        )}
        <label htmlFor={`${id}-name`}>Your name</label>
        <input id={`${id}-name`} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={32} autoComplete="nickname" required autoFocus />
        <label htmlFor={`${id}-room`}>Room</label>
        <input id={`${id}-room`} name="room" value={room} onChange={(e) => setRoom(e.target.value)} maxLength={65} />
        <label htmlFor={`${id}-passphrase`}>Passphrase (optional)</label>
        <input
          id={`${id}-passphrase`}
          name="passphrase"
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          autoComplete="off"
          disabled={!canEncrypt}
          aria-describedby={`${id}-passphrase-hint`}
        />
        <p id={`${id}-passphrase-hint`} className="hint">
          {canEncrypt
            ? 'With a passphrase, the room is end-to-end encrypted: only people who type the same one can read it.'
            : 'Encrypted rooms need a secure page: open this chat over https, or on localhost.'}
        </p>
        <details open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
          <summary>Advanced</summary>
          <label htmlFor={`${id}-server`}>Server</label>
          <input id={`${id}-server`} name="server" value={server} onChange={(e) => setServer(e.target.value)} spellCheck={false} />
          <label htmlFor={`${id}-access-key`}>Access key</label>
          <input
            id={`${id}-access-key`}
            name="access-key"
            type="password"
            value={accessKey}
            onChange={(e) => setAccessKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </details>
        <TerminalIdentity value={carried} onChange={setCarried} open={terminal} onToggle={setTerminal} disabled={!canEncrypt} />
        <OwnIdentity browser={browser} />
        <button type="submit" className="primary">
          Join
        </button>
      </form>
    </main>
  );
}
