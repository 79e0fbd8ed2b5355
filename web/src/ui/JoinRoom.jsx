import { useId, useState } from 'react';

import { cryptoAvailable } from '../crypto/roomKey.js';
import { roomName } from './joining.js';

/** A small form to join a room by name; once a name is typed, an optional passphrase encrypts it. */
export function JoinRoom({ onJoin }) {
  const id = useId();
  const [room, setRoom] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const canEncrypt = cryptoAvailable();
  return (
    <form
      className="join-room"
      onSubmit={(event) => {
        event.preventDefault();
        const name = roomName(room);
        if (name) onJoin(name, canEncrypt ? passphrase : '');
        setRoom('');
        setPassphrase('');
      }}
    >
      <label htmlFor="join-room-name" className="visually-hidden">
        Join a room
      </label>
      <input id="join-room-name" placeholder="Join a room…" value={room} onChange={(e) => setRoom(e.target.value)} />
      {room.trim() && (
        <>
          <label htmlFor={`${id}-passphrase`} className="visually-hidden">
            Passphrase (optional)
          </label>
          <input
            id={`${id}-passphrase`}
            name="room-passphrase"
            type="password"
            placeholder={canEncrypt ? 'Passphrase (optional)' : 'Encryption needs https or localhost'}
            title={canEncrypt ? 'With a passphrase, the room is end-to-end encrypted' : 'Encrypted rooms need a secure page: https, or localhost'}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoComplete="off"
            disabled={!canEncrypt}
          />
          <button type="submit">Join</button>
        </>
      )}
    </form>
  );
}
