// Which arrivals alert, and what a notification says (src/shell/alertPolicy.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_ALERT_SETTINGS } from '../src/shell/alertSettings.js';
import { alertsFor, notificationOf } from '../src/shell/alertPolicy.js';

const room = (name) => ({ kind: 'room', name });
const arrival = (view, item) => ({ key: `${view.kind}:${view.name}`, view, item: { type: 'message', from: 'bob', text: 'the door is blue', ...item } });
const mention = arrival(room('lobby'), { mentionsMe: true });
const direct = arrival({ kind: 'dm', name: 'bob' }, { e2e: 'ok' });
const on = { ...DEFAULT_ALERT_SETTINGS, notifications: true };
const hidden = { active: 'room:lobby', visible: false };
const context = (state, settings = on, muted = new Set()) => ({ state, muted, settings, permission: 'granted' });

test('a mention or a direct message notifies while hidden, and sounds when not looked at', () => {
  assert.deepEqual(alertsFor(mention, context(hidden)), { notify: true, sound: true });
  assert.deepEqual(alertsFor(direct, context(hidden)), { notify: true, sound: true });
  assert.deepEqual(alertsFor(mention, context({ active: 'room:lobby', visible: true })), { notify: false, sound: false });
  assert.deepEqual(alertsFor(mention, context({ active: 'room:dev', visible: true })), { notify: false, sound: true });
});

test('other messages, a muted room, notifications off or not granted: no notification', () => {
  assert.deepEqual(alertsFor(arrival(room('lobby'), {}), context(hidden)), { notify: false, sound: false });
  assert.deepEqual(alertsFor(mention, context(hidden, on, new Set(['lobby']))), { notify: false, sound: false });
  assert.equal(alertsFor(mention, context(hidden, DEFAULT_ALERT_SETTINGS)).notify, false);
  assert.equal(alertsFor(mention, { ...context(hidden), permission: 'default' }).notify, false);
  assert.equal(alertsFor(mention, context(hidden, { ...on, sound: false })).sound, false);
});

test('a notification names the sender and the room, and holds the text only when allowed', () => {
  assert.deepEqual(notificationOf(mention, { encryption: {}, settings: on }), { title: 'bob in #lobby', body: 'Mentioned you in a message', tag: 'room:lobby', view: 'room:lobby' });
  assert.equal(notificationOf(mention, { encryption: {}, settings: { ...on, showText: true } }).body, 'the door is blue');
});

test('an encrypted room or direct message keeps its text out unless that too is allowed', () => {
  const encryption = { lobby: { kind: 'random', status: 'ready' } };
  const text = { ...on, showText: true };
  assert.equal(notificationOf(mention, { encryption, settings: text }).body, 'Mentioned you in an encrypted message');
  assert.equal(notificationOf(direct, { encryption: {}, settings: text }).body, 'Sent you an encrypted message');
  assert.equal(notificationOf(direct, { encryption: {}, settings: { ...text, showEncryptedText: true } }).body, 'the door is blue');
  assert.equal(notificationOf(direct, { encryption: {}, settings: { ...on, showEncryptedText: true } }).body, 'Sent you an encrypted message', 'only with showText');
  const locked = arrival({ kind: 'dm', name: 'bob' }, { e2e: 'locked', text: 'e2e2:…' });
  assert.equal(notificationOf(locked, { encryption: {}, settings: { ...text, showEncryptedText: true } }).body, 'Sent you an encrypted message', 'never a sealed text');
});
