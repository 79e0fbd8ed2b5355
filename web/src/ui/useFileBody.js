import { useEffect, useState } from 'react';

const IDLE = { status: 'idle' };
const LOADING = { status: 'loading' };

/** What FileBodies.load needs of a file item: the facts it keeps (store/files.js), whether its body is sealed (its metadata was), its type. */
export const bodyRequest = ({ id, size, room, senderKey }, sealed, type) => ({ room, file: { id, size }, sealed, senderKey, type });

/**
 * A file item's body, fetched while `wanted` (FileBodies.load: {status, blob?}; 'idle' before,
 * 'loading' meanwhile). `files`: {bodies, onExpired(room, fileId)}, the session's. A body the relay no
 * longer holds marks the file expired.
 */
export function useFileBody(files, item, type, wanted) {
  const [body, setBody] = useState(IDLE);
  const { id, size, room, senderKey, expired } = item.file ?? {};
  const sealed = item.e2e === 'ok';
  useEffect(() => {
    if (!wanted || !files || !id || expired) return undefined;
    let current = true;
    setBody(LOADING);
    files.bodies.load(bodyRequest({ id, size, room, senderKey }, sealed, type)).then((loaded) => {
      if (!current) return;
      setBody(loaded);
      if (loaded.status === 'expired') files.onExpired(room, id);
    });
    return () => {
      current = false;
    };
  }, [files, wanted, id, size, room, senderKey, expired, sealed, type]);
  return body;
}
