// Which arrivals (arrivals.js) set off a sound or a browser notification, and what a notification says.
// Only a mention of the user or a direct message alerts, and nothing from a muted room. A notification
// goes only while the page is hidden (a visible page shows the message itself) and only once the user
// turned notifications on and the browser granted them; the sound, when the message's view is not the
// one being looked at. A notification names the sender and the room; the text only if the user allows
// it, and for an end-to-end encrypted room or direct message only if they allowed that too: the text
// was sealed so that only the members see it, and a notification shows on a locked screen.

import { saidOf } from '../conversation/roomMessages.js';
import { isViewed } from '../store/views.js';
import { isMutedView } from './mutedRooms.js';

const LONGEST_BODY = 140;

/** 'mention', 'direct', or undefined for an arrival that does not call for the user. */
export function alertKind({ view, item }) {
  if (view.kind === 'dm') return 'direct';
  return item.mentionsMe ? 'mention' : undefined;
}

/** Whether the arrival was end-to-end encrypted: its room is, or its text came sealed. */
export function isEncrypted({ view, item }, encryption = {}) {
  if (view.kind === 'room' && encryption[view.name]) return true;
  return Boolean(item.e2e) && item.e2e !== 'plain';
}

/** {notify, sound}: what an arrival sets off, given the store's `state` (views, visibility, encryption), the muted rooms, the settings and the permission. */
export function alertsFor(arrival, { state, muted, settings, permission }) {
  if (!alertKind(arrival) || isMutedView(arrival.view, muted)) return { notify: false, sound: false };
  return {
    notify: state.visible === false && settings.notifications && permission === 'granted',
    sound: settings.sound && !isViewed(state, arrival.key),
  };
}

/** {title, body, tag, view}: the notification for an arrival; `tag` makes a conversation's newer one replace the older. */
export function notificationOf(arrival, { encryption, settings }) {
  const { view, item } = arrival;
  const kind = alertKind(arrival);
  const encrypted = isEncrypted(arrival, encryption);
  const title = view.kind === 'dm' ? `${item.from} (direct message)` : `${item.from} in #${view.name}`;
  const readable = !item.deleted && (item.e2e === undefined || item.e2e === 'ok' || item.e2e === 'plain');
  const showText = settings.showText && readable && (!encrypted || settings.showEncryptedText);
  const body = showText ? clip(saidOf(item)) : withheldBody(kind, encrypted);
  return { title, body, tag: arrival.key, view: arrival.key };
}

function withheldBody(kind, encrypted) {
  const what = encrypted ? 'an encrypted message' : 'a message';
  return kind === 'direct' ? `Sent you ${what}` : `Mentioned you in ${what}`;
}

function clip(text) {
  return text.length > LONGEST_BODY ? `${text.slice(0, LONGEST_BODY - 1)}…` : text;
}
