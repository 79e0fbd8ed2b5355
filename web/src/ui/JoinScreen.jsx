import { useEffect, useId, useState } from 'react';

import { cryptoAvailable } from '../crypto/cryptoAvailable.js';
import { CarriedIdentityError, parseCarriedIdentity } from '../identity/carriedIdentity.js';
import { isValidAccessKey, storeAccessKey, storedAccessKey } from '../protocol/accessKey.js';
import { roomName } from '../protocol/roomName.js';
import { initialServerURL, isAllowedServer } from '../protocol/serverURL.js';
import { OwnIdentity } from './OwnIdentity.jsx';
import { PassphraseField } from './PassphraseField.jsx';
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
 * Name, room, and how to encrypt it: with a new random key, or a passphrase (warned about when weak);
 * or, from an invite link, the link's room and its key. The server URL (this page's own, or one on
 * this machine) and the access key under "Advanced"; the terminal's identity key under "Use my
 * terminal identity". Remembers the last name and room, never the passphrase, the identity text or
 * the key (the key lasts for this tab, in sessionStorage). `browser`: this browser's identity, once
 * opened (see identity/browserIdentity.js); `invite`: what the page's link carried (inviteLink.js).
 */
export function JoinScreen({ error, browser, invite = {}, onJoin }) {
  const id = useId();
  const [name, setName] = useState(() => remembered('privchat.name', ''));
  const [room, setRoom] = useState(() => invite.room ?? remembered('privchat.room', 'lobby'));
  const [passphrase, setPassphrase] = useState('');
  const [newKey, setNewKey] = useState(false);
  const [server, setServer] = useState(initialServer);
  const [accessKey, setAccessKey] = useState(() => storedAccessKey());
  const [problem, setProblem] = useState(undefined);
  const [advanced, setAdvanced] = useState(error?.code === 'access_key');
  const [carried, setCarried] = useState('');
  const [terminal, setTerminal] = useState(IDENTITY_ERRORS.has(error?.code));
  const canEncrypt = cryptoAvailable();
  // The link's room, with its key: joined encrypted with it, so there is nothing to choose.
  const invited = Boolean(invite.roomKey) && roomName(room) === invite.room;

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
    const rooms = [roomName(room) || 'lobby'];
    const encrypt = canEncrypt && !invited ? { passphrase: newKey ? '' : passphrase, newKey } : {};
    onJoin({ url: server.trim(), name: trimmed, rooms, accessKey: key, ...encrypt, carriedIdentity: carried.trim() || undefined });
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
        {invited ? (
          <p className="hint invited" data-invited-room={invite.room}>
            <span aria-hidden="true">🔒</span> Your invite link brings you into #{invite.room}, end-to-end encrypted with the key it carries.
          </p>
        ) : (
          <>
            <label className="check">
              <input type="checkbox" name="new-key" checked={newKey} onChange={(e) => setNewKey(e.target.checked)} disabled={!canEncrypt} /> Encrypt this room (new key)
            </label>
            <PassphraseField id={`${id}-passphrase`} name="passphrase" value={passphrase} onChange={setPassphrase} disabled={!canEncrypt || newKey} />
            <p className="hint">
              {canEncrypt
                ? 'A new key encrypts the room end to end; the Invite box then gives a link with it. A passphrase does too: only people who type the same one can read it.'
                : 'Encrypted rooms need a secure page: open this chat over https, or on localhost.'}
            </p>
          </>
        )}
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
