// The web GUI's model: one view per room and per private conversation, their messages, members and
// unread counts, our own messages until acknowledged, which rooms are encrypted and with which key,
// whom we can seal direct messages to, the keys we pinned for people (and what each message's
// signature said), and the connection's state; the conversation events (conv1) in conversation.js,
// shared files (file1) in files.js.
// A reducer: the connection's events and the user's actions go in, a new state comes out (tested in
// test/chatStore and test/conversationStore).

import { authorOf } from '../conversation/author.js';
import { forgetTypist } from '../conversation/typists.js';
import { applyPresence, renameMember } from '../protocol/memberList.js';
import { mentions } from '../protocol/mentions.js';
import * as conversation from './conversation.js';
import * as files from './files.js';
import { keyNotice } from './keyNotice.js';
import { addItem, countUnread, directKey, ensureView, noteSeq, roomKey, updateItems, updateView } from './views.js';

export { directKey, roomKey };

export function initialState(me = '') {
  return {
    me,
    status: 'connecting', // connecting | online | offline | failed | stopped
    retryIn: 0,
    error: undefined,
    limits: undefined,
    views: {}, // key → {kind: 'room'|'dm', name, members, items, unread, mentions, typists, read, reads, newSince, latestSeq}
    order: [], // view keys, rooms first as joined, then conversations
    active: roomKey('lobby'),
    visible: true, // the page is shown (document.visibilityState): what arrives in the open view while hidden is unread too
    joining: undefined,
    encryption: {}, // room → {kind, status: 'ready'|'deriving'|'failed'|'left-out'|'no-key', fingerprint, holders}, from the RoomKeyring
    people: {}, // name lowercased → {holder, sealable}, from the BoxDirectory: whom we can seal to
    identity: undefined, // ours: {key, fingerprint}
    pins: {}, // name lowercased → {key, verified, newKey}, from the PinBook
    pendingChanges: {}, // id → our edit, delete or reaction until acknowledged (conversation.js)
    toast: undefined, // {text, key}: a refusal shown for a moment
    sequence: 0, // for item keys
  };
}

/** Applies an action: {type: 'event', event} from the connection, or a user action. */
export function reduce(state, action) {
  switch (action.type) {
    case 'event': return applyEvent(state, action.event);
    case 'sent':
      if (conversation.CHANGE_TYPES.has(action.frame.type)) return conversation.changeSent(state, action.frame, action.e2e);
      if (action.frame.type === 'file') return files.fileSent(state, action.frame, action.e2e, action.file, action.time ?? Date.now());
      return sent(state, action.frame, action.time ?? Date.now(), action.e2e);
    case 'upload': return files.uploadChanged(state, action.id, action.change);
    case 'fileExpired': return files.fileExpired(state, action.room, action.file);
    case 'readSent': return conversation.readSent(state, action.room, action.seq);
    case 'toastDone': return state.toast?.key === action.key ? { ...state, toast: undefined } : state;
    case 'encryption': return encryption(state, action.room, action.encryption);
    case 'identity': return { ...state, identity: action.identity };
    case 'pins': return { ...state, pins: action.pins };
    case 'people': return { ...state, people: action.people };
    case 'activate': return activate(state, action.key);
    case 'visibility': return action.visible ? activate({ ...state, visible: true }, state.active) : { ...state, visible: false };
    case 'openConversation': return activate(ensureView(state, directKey(action.name), 'dm', action.name), directKey(action.name));
    case 'joining': return { ...state, joining: action.room };
    case 'notice': return addItem(state, action.key ?? state.active, { type: 'system', text: action.text, time: action.time ?? Date.now() });
    default: return state;
  }
}

function applyEvent(state, event) {
  switch (event.type) {
    case 'connecting': return state.status === 'online' ? state : { ...state, status: 'connecting' };
    case 'welcomed': return welcomed(state, event.welcome, event.resumed);
    case 'serverRestarted': return notifyRooms(state, 'the server restarted: earlier history is gone');
    case 'message':
      return conversation.CHANGE_TYPES.has(event.message.type) ? conversation.applyChange(state, event.message) : message(state, event.message, event.history);
    case 'fileExpired': return files.fileExpired(state, event.room, event.file);
    case 'typing': return conversation.typing(state, event.typing);
    case 'read': return conversation.read(state, event.read);
    case 'direct': return direct(state, event.direct);
    case 'share': return share(state, event.share, event.effect);
    case 'presence': return presence(state, event.presence, event.members);
    case 'keyChanged': return keyChanged(state, roomKey(event.room), event.name, event.signature);
    case 'joined': {
      let next = ensureView(state, roomKey(event.snapshot.room), 'room', event.snapshot.room);
      next = updateView(next, roomKey(event.snapshot.room), (view) => ({ ...conversation.snapshotMarkers(view, event.snapshot, true), members: event.snapshot.members }));
      if (state.joining === event.snapshot.room) next = { ...activate(next, roomKey(event.snapshot.room)), joining: undefined };
      return next;
    }
    case 'left': {
      const key = roomKey(event.room);
      const views = { ...state.views };
      delete views[key];
      const order = state.order.filter((other) => other !== key);
      const active = state.active === key ? order.find((other) => other.startsWith('room:')) ?? order[0] ?? key : state.active;
      return { ...state, views, order, active };
    }
    case 'members': {
      // A `who` answer carries the whole list: it refreshes the room's, if we are in it.
      const next = updateView(state, roomKey(event.members.room), (view) => ({ ...view, members: event.members.members }));
      return addItem(next, state.active, { type: 'system', text: `In ${event.members.room}: ${event.members.members.join(', ')}`, time: Date.now() });
    }
    case 'renamed':
      return addItem(renamed(state, event.renamed, event.members), state.active, { type: 'system', text: `You are now ${event.renamed.name}`, time: Date.now() });
    case 'acknowledged': return acknowledged(state, event.ack);
    case 'refused': return refused(state, event.error);
    case 'historyGap':
      return addItem(state, roomKey(event.room), { type: 'system', text: 'Some messages from while you were away are no longer available', time: Date.now() });
    case 'disconnected': return { ...state, status: 'offline', retryIn: event.retryIn, reason: event.reason };
    case 'fatal': return { ...state, status: 'failed', error: event.error };
    case 'stopped': return { ...state, status: 'stopped' };
    default: return state;
  }
}

function welcomed(state, welcome, resumed) {
  let next = { ...state, me: welcome.name, status: 'online', error: undefined, limits: welcome.limits };
  for (const snapshot of welcome.rooms) {
    next = ensureView(next, roomKey(snapshot.room), 'room', snapshot.room);
    // A first welcome opens the rooms: the "new messages" line goes after our marker (a page reloaded).
    next = updateView(next, roomKey(snapshot.room), (view) => ({ ...conversation.snapshotMarkers(view, snapshot, !resumed), members: snapshot.members }));
  }
  const rooms = new Set(welcome.rooms.map((snapshot) => roomKey(snapshot.room)));
  // Rooms no longer held (refused on reconnect) go; conversations stay.
  const order = next.order.filter((key) => !key.startsWith('room:') || rooms.has(key));
  const views = Object.fromEntries(Object.entries(next.views).filter(([key]) => order.includes(key)));
  next = { ...next, order, views };
  if (!views[next.active]) next = { ...next, active: order[0] ?? roomKey('lobby') };
  if (resumed) next = addItem(next, next.active, { type: 'system', text: 'Reconnected', time: Date.now() });
  return next;
}

function message(state, message, history) {
  const key = roomKey(message.room);
  let next = ensureView(state, key, 'room', message.room);
  next = updateView(next, key, (view) => ({ ...noteSeq(view, message.seq), typists: forgetTypist(view.typists, message.from) }));
  // A file's text is its metadata: a name is no mention.
  const mentionsMe = message.from !== state.me && message.type !== 'file' && mentions(message.text, state.me);
  next = addItem(next, key, {
    type: message.type, // message | action | file
    from: message.from,
    text: message.text,
    time: message.time,
    seq: message.seq,
    id: message.id,
    own: message.from === state.me,
    history,
    e2e: message.e2e, // set by the EncryptionReceiver: ok | failed | locked | plain
    signature: message.signature, // set by the MessageVerifier: {state, key, fingerprint, previousVerified, own}
    author: authorOf(message), // who may edit or delete it (conversation/author.js)
    reply: message.reply, // {seq, id, from?}: the message it answers
    file: message.type === 'file' ? files.fileFactsOf(message, state.encryption[message.room]) : undefined, // a shared file's body (its text is the metadata)
    mentionsMe,
  });
  return history || message.from === state.me ? next : countUnread(next, key, mentionsMe);
}

function direct(state, dm) {
  const peer = dm.from === state.me ? dm.to : dm.from;
  const key = directKey(peer);
  let next = ensureView(state, key, 'dm', peer);
  next = addItem(next, key, { type: 'message', from: dm.from, text: dm.text, time: dm.time, id: dm.id, own: dm.from === state.me, e2e: dm.e2e, signature: dm.signature });
  return dm.from === state.me ? next : countUnread(next, key);
}

/** A key share that changed the room's key: a line in the room saying so. */
function share(state, frame, effect) {
  const notice = keyNotice(frame, effect);
  if (!notice) return state;
  const key = roomKey(frame.room);
  return addItem(ensureView(state, key, 'room', frame.room), key, { type: 'system', text: notice.text, problem: notice.problem, time: frame.time ?? Date.now() });
}

/**
 * Someone joined, left or was renamed: `members` is the room's list after it, as the ClientState keeps
 * it (presence frames carry no list); without it the view's own list is changed the same way.
 */
function presence(state, presence, members) {
  const key = roomKey(presence.room);
  const text =
    presence.event === 'joined' ? `${presence.name} joined` : presence.event === 'left' ? `${presence.name} left` : `${presence.from} is now ${presence.name}`;
  let next = updateView(ensureView(state, key, 'room', presence.room), key, (view) => ({
    ...noteSeq(view, presence.seq),
    members: members ?? applyPresence(view.members, presence),
    typists: presence.event === 'left' ? forgetTypist(view.typists, presence.name) : view.typists,
  }));
  next = addItem(next, key, { type: 'system', text, time: Date.now() });
  if (presence.signature?.state !== 'key-changed') return next;
  return keyChanged(next, key, presence.name, presence.signature);
}

/** Seen before anything they say (a presence, or a snapshot's keys): the name came back with another key than the one pinned for it. */
function keyChanged(state, key, name, signature) {
  return addItem(state, key, { type: 'system', text: `${name} has a new identity key`, time: Date.now(), problem: true, keyChangeOf: name, signature });
}

/** We were renamed: the server tells our rooms, not us, so each room's list changes here (`members`: room → list, from the ClientState). */
function renamed(state, renamed, members = {}) {
  const views = {};
  for (const [key, view] of Object.entries(state.views)) {
    if (view.kind !== 'room') views[key] = view;
    else if (Object.prototype.hasOwnProperty.call(members, view.name)) views[key] = { ...view, members: members[view.name] };
    else views[key] = { ...view, members: renameMember(view.members, renamed.from, renamed.name) };
  }
  return { ...state, me: renamed.name, views };
}

/** Our own message, shown at once (its plaintext, if it goes sealed: `e2e` 'ok'; 'plain' for a dm sent in the clear) as pending until the server acknowledges it. */
function sent(state, frame, time, e2e) {
  const key = frame.type === 'dm' ? directKey(frame.to) : roomKey(frame.room);
  const kind = frame.type === 'dm' ? 'dm' : 'room';
  const next = ensureView(state, key, kind, kind === 'dm' ? frame.to : frame.room);
  return addItem(next, key, {
    type: frame.type === 'action' ? 'action' : 'message',
    from: state.me,
    text: frame.text,
    time,
    id: frame.id,
    own: true,
    status: 'pending',
    e2e,
    signature: state.identity && { state: 'verified', key: state.identity.key, own: true }, // we sign everything we send
    author: conversation.ownAuthor(state),
    reply: frame.reply,
  });
}

function acknowledged(state, ack) {
  let next = ack.room === undefined ? state : updateView(state, roomKey(ack.room), (view) => noteSeq(view, ack.seq));
  next = conversation.changeAcknowledged(next, ack);
  return updateItems(next, (item) => item.own && item.id === ack.id && item.status === 'pending', (item) => ({
    ...item,
    status: 'sent',
    seq: ack.seq,
    time: ack.time || item.time,
  }));
}

function refused(state, error) {
  const change = conversation.changeRefused(state, error);
  if (change) return change;
  const matched = error.id && Object.values(state.views).some((view) => view.items.some((item) => item.own && item.id === error.id));
  if (matched) {
    return updateItems(state, (item) => item.own && item.id === error.id, (item) => ({ ...item, status: 'failed', error: error.message }));
  }
  const suggestion = error.suggestion ? ` (try /nick ${error.suggestion})` : '';
  return addItem({ ...state, joining: undefined }, state.active, { type: 'system', text: `${error.message}${suggestion}`, time: Date.now(), problem: true });
}

/** A room became encrypted, got its key, or became plain again; kept apart from views, which come and go with joins. */
function encryption(state, room, description) {
  const rooms = { ...state.encryption };
  if (description) rooms[room] = description;
  else delete rooms[room];
  return { ...state, encryption: rooms };
}

function activate(state, key) {
  if (!state.views[key]) return state;
  return updateView({ ...state, active: key }, key, conversation.opened);
}

function notifyRooms(state, text) {
  return state.order.filter((key) => key.startsWith('room:')).reduce((next, key) => addItem(next, key, { type: 'system', text, time: Date.now() }), state);
}
