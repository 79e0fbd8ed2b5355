import { encryptRoom, rekey } from './encryptionCommands.js';

/** "Encrypt this room (new key)" for a plain room, "Rekey" for one encrypted with a random key we hold. */
export function RoomEncryptionActions({ room, encryption, session, dispatch }) {
  if (!session?.sharing) return null;
  const context = { session, dispatch };
  if (!encryption) {
    return (
      <button type="button" className="encrypt-room" onClick={() => encryptRoom(context, room)} title="Makes a new random key for this room and seals it to every member with encryption keys">
        Encrypt this room (new key)
      </button>
    );
  }
  if (encryption.kind !== 'random' || encryption.status !== 'ready') return null;
  return (
    <button type="button" className="rekey" onClick={() => rekey(context, room)} title="A new key for this room, to everyone who holds the current one">
      Rekey
    </button>
  );
}
