import { useId, useState } from 'react';

import { cryptoAvailable } from '../crypto/cryptoAvailable.js';
import { roomName } from '../protocol/roomName.js';
import { PassphraseField } from './PassphraseField.jsx';

/** A small form to join a room by name; once a name is typed, it can be encrypted with a new key or a passphrase. */
export function JoinRoom({ onJoin }) {
  const id = useId();
  const [room, setRoom] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [newKey, setNewKey] = useState(false);
  const canEncrypt = cryptoAvailable();
  return (
    <form
      className="join-room"
      onSubmit={(event) => {
        event.preventDefault();
        const name = roomName(room);
        if (name) onJoin(name, canEncrypt ? { passphrase: newKey ? '' : passphrase, newKey } : {});
        setRoom('');
        setPassphrase('');
        setNewKey(false);
      }}
    >
      <label htmlFor="join-room-name" className="visually-hidden">
        Join a room
      </label>
      <input id="join-room-name" placeholder="Join a room…" value={room} onChange={(e) => setRoom(e.target.value)} />
      {room.trim() && (
        <>
          <label className="check">
            <input type="checkbox" name="room-new-key" checked={newKey} onChange={(e) => setNewKey(e.target.checked)} disabled={!canEncrypt} /> Encrypt this room (new key)
          </label>
          <PassphraseField
            id={`${id}-passphrase`}
            name="room-passphrase"
            value={passphrase}
            onChange={setPassphrase}
            hideLabel
            disabled={!canEncrypt || newKey}
            placeholder={canEncrypt ? 'Passphrase (optional)' : 'Encryption needs https or localhost'}
            title={canEncrypt ? 'With a passphrase, the room is end-to-end encrypted' : 'Encrypted rooms need a secure page: https, or localhost'}
          />
          <button type="submit">Join</button>
        </>
      )}
    </form>
  );
}
