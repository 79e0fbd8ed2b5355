// The end-to-end encryption parts of a client, for tests: a keyring in memory (passphrase keys at few
// PBKDF2 iterations, so tests stay fast) and a directory of sealing keys.
import { BoxDirectory } from '../../src/e2e/boxDirectory.js';
import { RoomKeyring } from '../../src/e2e/roomKeyring.js';
import { MemoryStore } from '../../src/identity/memoryStore.js';

export const FEW_ITERATIONS = 10;

/** {keyring, directory, store}: a fresh client's, its keyring kept in `store`. */
export function encryptionParts(store = new MemoryStore()) {
  return { keyring: new RoomKeyring(store, [], { iterations: FEW_ITERATIONS }), directory: new BoxDirectory(), store };
}

/** A keyring whose `room` has a new random key, current: {keyring, key}. */
export async function roomWithKey(keyring, room, bytes = globalThis.crypto.getRandomValues(new Uint8Array(32))) {
  const key = await keyring.addKey(room, bytes);
  keyring.setCurrent(room, key.idHex);
  return key;
}

/** Lets every pending promise callback run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
