// The store's part of shared files (file1): a `file` event's item keeps the relay's facts about its body
// beside its metadata (the text); our own is shown at once, with its upload's progress, until it is
// posted and acknowledged (or failed, or cancelled); a body the relay dropped marks every item of it
// expired. Pure functions on the state, as in chatStore.js, which routes the actions here.

import { openedBodySize } from '../files/sealedBody.js';
import { ownAuthor } from './conversation.js';
import { addItem, ensureView, roomKey, updateItems, updateView } from './views.js';

/** What an item keeps of a `file` event's `file`: {id, size (as stored), expired, bytes (the plaintext's), room, senderKey}: what fetching and opening its body need. */
export function fileFactsOf(message, encryption) {
  const { id, size, expired } = message.file;
  const bytes = message.e2e === 'ok' ? openedBodySize(size, encryption?.kind === 'passphrase') : size;
  return { id, size, expired: Boolean(expired), bytes, room: message.room, senderKey: message.key };
}

/** Our file, shown as it goes up (`file`: {size as stored, bytes}); `e2e` 'ok' if it goes sealed. */
export function fileSent(state, frame, e2e, file, time) {
  const key = roomKey(frame.room);
  return addItem(ensureView(state, key, 'room', frame.room), key, {
    type: 'file',
    from: state.me,
    text: frame.text,
    time,
    id: frame.id,
    own: true,
    status: 'uploading',
    upload: { sent: 0, total: file.size },
    e2e,
    signature: state.identity && { state: 'verified', key: state.identity.key, own: true },
    author: ownAuthor(state),
    file: { id: undefined, size: file.size, expired: false, bytes: file.bytes, room: frame.room, senderKey: state.identity?.key },
  });
}

/** How our upload `id` goes: `change` holds its new `status` ('pending' once posted, 'failed' with `error`, 'cancelled'), `upload` progress, `fileId`. */
export function uploadChanged(state, id, { status, upload, fileId, error }) {
  return updateItems(state, (item) => item.own && item.type === 'file' && item.id === id && item.status !== 'sent', (item) => ({
    ...item,
    ...(status ? { status } : {}),
    ...(upload ? { upload } : {}),
    ...(error ? { error } : {}),
    file: fileId ? { ...item.file, id: fileId } : item.file,
  }));
}

/** The relay no longer holds a body (it said so, or a download found nothing): every item of it in `room` shows it expired. */
export function fileExpired(state, room, fileId) {
  const gone = (item) => item.file?.id === fileId && !item.file.expired;
  if (!state.views[roomKey(room)]?.items.some(gone)) return state;
  return updateView(state, roomKey(room), (view) => ({ ...view, items: view.items.map((item) => (gone(item) ? { ...item, file: { ...item.file, expired: true } } : item)) }));
}
