// The frames a signing vector (Tests/Fixtures/protocol/identity/vectors.json) stands for: the one a
// client sends and the one a receiver gets, with the references its `refs` name: a reply's original
// for a message or an action, the target of an edit, a delete or a reaction (conv1), a shared file's
// body (file1: the client names its id, the relay gives its facts).

const SENT_TYPES = { message: 'say', action: 'action', dm: 'dm', share: 'share', edit: 'edit', delete: 'delete', reaction: 'reaction', file: 'file' };
const CHANGES = new Set(['edit', 'delete', 'reaction']);

/** The reference fields for `refs` (the seq and the size are not signed: any will do). */
function referenceOf(entry, received) {
  if (!entry.refs?.length) return {};
  if (entry.kind === 'file') return { file: received ? { id: entry.refs[0], size: 70000 } : entry.refs[0] };
  const reference = { seq: 45, id: entry.refs[0] };
  return CHANGES.has(entry.kind) ? { target: reference } : { reply: reference };
}

/** The client frame that sends the vector's message (a delete has no text). */
export function sentFrameOf(entry) {
  const type = SENT_TYPES[entry.kind];
  const scope = type === 'dm' ? { to: entry.scope.toUpperCase() } : { room: entry.scope };
  const text = type === 'delete' ? {} : { text: entry.text };
  return { type, ...(entry.id ? { id: entry.id } : {}), ...scope, ...text, ...referenceOf(entry, false) };
}

/** The server frame a receiver gets for it, from `from`, with the vector's key and sig. */
export function receivedFrameOf(entry, from = 'alice') {
  return { type: entry.kind, room: entry.scope, id: entry.id, text: entry.text, from, key: entry.key, sig: entry.sig, ...referenceOf(entry, true) };
}
