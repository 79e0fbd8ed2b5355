import { useId, useState } from 'react';

import { defaultServerURL } from '../protocol/connection.js';

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

/** Where the page itself says to connect: `?server=…` (for the dev server), else the page's own origin. */
function initialServer() {
  const fromQuery = new URLSearchParams(globalThis.location.search).get('server');
  return fromQuery || defaultServerURL();
}

/** Name and room; the server URL only under "Advanced". Remembers the last name. */
export function JoinScreen({ error, onJoin }) {
  const id = useId();
  const [name, setName] = useState(() => remembered('privchat.name', ''));
  const [room, setRoom] = useState(() => remembered('privchat.room', 'lobby'));
  const [server, setServer] = useState(initialServer);

  const submit = (event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    remember('privchat.name', trimmed);
    remember('privchat.room', room.trim() || 'lobby');
    onJoin({ url: server.trim(), name: trimmed, rooms: [room.trim().replace(/^#/, '').toLowerCase() || 'lobby'] });
  };

  return (
    <main className="join">
      <form className="join-card" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>Private Chat</h1>
        {error && (
          <div className="join-error" role="alert">
            <p>{error.message}</p>
            {error.suggestion && (
              <button type="button" className="link" onClick={() => setName(error.suggestion)}>
                Use “{error.suggestion}” instead
              </button>
            )}
          </div>
        )}
        <label htmlFor={`${id}-name`}>Your name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={32} autoComplete="nickname" required autoFocus />
        <label htmlFor={`${id}-room`}>Room</label>
        <input id={`${id}-room`} value={room} onChange={(e) => setRoom(e.target.value)} maxLength={65} />
        <details>
          <summary>Advanced</summary>
          <label htmlFor={`${id}-server`}>Server</label>
          <input id={`${id}-server`} value={server} onChange={(e) => setServer(e.target.value)} spellCheck={false} />
        </details>
        <button type="submit" className="primary">
          Join
        </button>
      </form>
    </main>
  );
}
