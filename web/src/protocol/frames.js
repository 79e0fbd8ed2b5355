// The privchat.v1 frames, as docs/PROTOCOL.md defines them: encoding what the client sends and
// checking what the server sends. The same fixtures (Tests/Fixtures/protocol) test this and the Swift side.

export const SUBPROTOCOL = 'privchat.v1';

/** A frame that does not follow the protocol. */
export class FrameError extends Error {
  constructor(code, message, id = undefined) {
    super(message);
    this.name = 'FrameError';
    this.code = code;
    this.id = id;
  }
}

const string = (value) => typeof value === 'string';
const number = (value) => Number.isInteger(value) && value >= 0;
const boolean = (value) => typeof value === 'boolean';
const strings = (value) => Array.isArray(value) && value.every(string);
const optional = (check) => (value) => value === undefined || check(value);
const stringsByName = (value) => isObject(value) && Object.values(value).every(string);

const numbersByName = (value) => isObject(value) && Object.values(value).every(number);
// A reference to a room message (conv1): its seq and id; a reply's carries its author (`from`) when the relay held it.
const reference = (value) => isObject(value) && number(value.seq) && string(value.id) && optional(string)(value.from);

// The relay's facts about a shared file's body (file1): its id, its size, and in a snapshot whether it is gone.
const fileFacts = (value) => isObject(value) && string(value.id) && number(value.size) && optional(boolean)(value.expired);

// A snapshot's history holds messages, actions, key shares (e2e2), conversation events (conv1) and
// shared files (file1), all with the fields of a message; the conversation events also have a
// `target`, the files their `file`.
const HISTORY_TYPES = new Set(['message', 'action', 'share', 'edit', 'delete', 'reaction', 'file']);
const CHANGE_TYPES = new Set(['edit', 'delete', 'reaction']);
const historyFields = (type) => (CHANGE_TYPES.has(type) ? CHANGE : type === 'file' ? FILE : MESSAGE);
const message = (value) => isObject(value) && HISTORY_TYPES.has(value.type) && matches(value, historyFields(value.type));
const messages = (value) => Array.isArray(value) && value.every(message);
const snapshot = (value) => isObject(value) && matches(value, SNAPSHOT);
const snapshots = (value) => Array.isArray(value) && value.every(snapshot);
const limits = (value) => isObject(value) && matches(value, LIMITS);
const presenceEvent = (value) => value === 'joined' || value === 'left' || value === 'renamed';

// `key` and `sig`: the sender's identity key and signature (id1), absent from clients without a key.
const SIGNED = { key: optional(string), sig: optional(string) };
const ROOM_EVENT = { room: string, seq: number, from: string, text: string, time: number, id: optional(string), ...SIGNED };
// `reply`: the message it answers (conv1).
const MESSAGE = { ...ROOM_EVENT, reply: optional(reference) };
// An edit, delete or reaction (conv1): a message's members and the `target` it changes.
const CHANGE = { ...ROOM_EVENT, target: reference };
// A shared file (file1): a message whose text is the file's metadata, and the relay's facts about its body.
const FILE = { ...MESSAGE, file: fileFacts };
// `keys`: the identity keys of the members that have one, by name (id1); `boxes`: their sealing keys (e2e2);
// `read`: our read marker, `reads`: the visible markers of its members (conv1).
const SNAPSHOT = {
  room: string,
  seq: number,
  members: strings,
  keys: optional(stringsByName),
  boxes: optional(stringsByName),
  read: optional(number),
  reads: optional(numbersByName),
  history: messages,
  truncated: boolean,
};
const rate = (value) => typeof value === 'number' && value >= 0;
// Files (file1) add the largest body, the largest chunk and the bytes a second a connection may send.
const LIMITS = {
  max_message_bytes: number,
  max_rooms: number,
  rate,
  burst: number,
  max_file_bytes: optional(number),
  file_chunk_bytes: optional(number),
  file_rate: optional(rate),
};

/** Field checks per server frame type. */
const SERVER = {
  welcome: { name: string, key: optional(string), session: string, epoch: string, rooms: snapshots, limits },
  // The gateway's answer to a hello with a `key`: sign the nonce (a `prove`) to be welcomed.
  challenge: { nonce: string },
  message: MESSAGE,
  action: MESSAGE,
  // A room key sealed to members (e2e2), sequenced in the room like a message.
  share: MESSAGE,
  edit: CHANGE,
  delete: CHANGE,
  reaction: CHANGE,
  // Files (file1): a member shared one; the answer to an `upload` (send from `offset` in chunks of at most
  // `chunk` bytes) and to each chunk; a piece of a body (`download`); a body the store dropped.
  file: FILE,
  upload: { id: optional(string), file: string, offset: number, chunk: number },
  stored: { id: optional(string), file: string, size: number, received: number },
  file_data: { id: optional(string), file: string, size: number, offset: number, data: string },
  file_expired: { room: string, file: string },
  // Not sequenced, never in history: a member is typing (or stopped), and how far a member (or we, on another device) read.
  typing: { room: string, from: string, active: boolean },
  read: { room: string, from: string, seq: number },
  dm: { from: string, to: string, text: string, time: number, id: optional(string), ...SIGNED },
  ack: { id: string, room: optional(string), seq: optional(number), to: optional(string), time: number },
  joined: { id: optional(string), snapshot },
  left: { id: optional(string), room: string },
  // No member list: clients keep it from snapshots and these events (protocol/memberList.js). `box`: the
  // member's sealing key (e2e2); `reason`: "leave" on a left that the member asked for (a dropped connection has none).
  presence: {
    room: string,
    seq: number,
    event: presenceEvent,
    name: string,
    from: optional(string),
    key: optional(string),
    box: optional(string),
    reason: optional(string),
  },
  members: { id: optional(string), room: string, members: strings },
  renamed: { id: optional(string), name: string, from: string },
  error: { code: string, message: string, id: optional(string), suggestion: optional(string) },
};

/** Field checks per client frame type (the server checks these; the tests check the encoder). */
const CLIENT = {
  hello: {
    name: string,
    key: optional(string),
    box: optional(string),
    rooms: optional(strings),
    session: optional(string),
    resume: optional((v) => isObject(v) && string(v.epoch) && isObject(v.rooms) && Object.values(v.rooms).every(number)),
  },
  prove: { signature: string },
  say: { id: optional(string), room: string, text: string, reply: optional(reference), sig: optional(string) },
  action: { id: optional(string), room: string, text: string, reply: optional(reference), sig: optional(string) },
  dm: { id: optional(string), to: string, text: string, sig: optional(string) },
  share: { id: optional(string), room: string, text: string, sig: optional(string) },
  // Conversation events (conv1): `target` is a reference to a room message; a delete has no text.
  edit: { id: optional(string), room: string, target: reference, text: string, sig: optional(string) },
  delete: { id: optional(string), room: string, target: reference, sig: optional(string) },
  reaction: { id: optional(string), room: string, target: reference, text: string, sig: optional(string) },
  // Files (file1): reserve a body (or resume one: `file`), send it in chunks (base64), post it, fetch it.
  upload: { id: optional(string), room: string, size: number, file: optional(string) },
  chunk: { file: string, offset: number, data: string, id: optional(string) },
  file: { id: optional(string), room: string, file: string, text: string, sig: optional(string) },
  download: { id: optional(string), file: string, offset: optional(number) },
  typing: { room: string, active: optional(boolean) },
  read: { room: string, seq: number, visible: optional(boolean) },
  join: { id: optional(string), room: string },
  leave: { id: optional(string), room: string },
  who: { id: optional(string), room: string },
  rename: { id: optional(string), name: string },
};

export const SERVER_TYPES = Object.keys(SERVER);
export const CLIENT_TYPES = Object.keys(CLIENT);

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(value, fields) {
  return Object.entries(fields).every(([key, check]) => check(value[key]));
}

function firstMismatch(value, fields) {
  return Object.entries(fields).find(([key, check]) => !check(value[key]))?.[0];
}

function decode(text, table, unknownCode) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    throw new FrameError('bad_request', 'not a JSON object');
  }
  if (!isObject(frame)) throw new FrameError('bad_request', 'not a JSON object');
  const id = string(frame.id) ? frame.id : undefined;
  if (!string(frame.type)) throw new FrameError('bad_request', 'missing field "type"', id);
  const fields = table[frame.type];
  if (!fields) throw new FrameError(unknownCode, `unknown type "${frame.type}"`, id);
  const wrong = firstMismatch(frame, fields);
  if (wrong !== undefined) {
    const problem = frame[wrong] === undefined ? `missing field "${wrong}"` : `field "${wrong}" is invalid`;
    throw new FrameError('bad_request', `${frame.type}: ${problem}`, id);
  }
  return frame;
}

/** Checks a frame from the server; throws FrameError if it is not one the protocol defines. */
export function decodeServerFrame(text) {
  return decode(text, SERVER, 'unknown_type');
}

/** Checks a client frame as the server does (used by the tests, and to refuse sending nonsense). */
export function decodeClientFrame(text) {
  return decode(text, CLIENT, 'unknown_type');
}

/** A client frame as JSON text, with only the fields the protocol defines, in its order. */
export function encodeClientFrame(frame) {
  const fields = CLIENT[frame.type];
  if (!fields) throw new FrameError('unknown_type', `unknown type "${frame.type}"`);
  const wrong = firstMismatch(frame, fields);
  if (wrong !== undefined) throw new FrameError('bad_request', `${frame.type}: field "${wrong}" is missing or invalid`);
  const out = { type: frame.type };
  for (const key of Object.keys(fields)) if (frame[key] !== undefined) out[key] = frame[key];
  return JSON.stringify(out);
}
