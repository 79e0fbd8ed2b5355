// The preferences kept in localStorage (src/shell/themeChoice.js, alertSettings.js, mutedRooms.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_ALERT_SETTINGS, loadAlertSettings, saveAlertSettings } from '../src/shell/alertSettings.js';
import { isMutedView, loadMutedRooms, setRoomMuted } from '../src/shell/mutedRooms.js';
import { loadThemeChoice, resolveTheme, saveThemeChoice } from '../src/shell/themeChoice.js';
import { memoryStorage } from './support/memoryStorage.mjs';

test('the theme: system by default, following the system; a choice holds against it', () => {
  const storage = memoryStorage();
  assert.equal(loadThemeChoice(storage), 'system');
  assert.equal(resolveTheme('system', true), 'dark');
  assert.equal(resolveTheme('system', false), 'light');
  assert.equal(resolveTheme('light', true), 'light');
  saveThemeChoice('dark', storage);
  assert.equal(loadThemeChoice(storage), 'dark');
  assert.equal(loadThemeChoice(memoryStorage({ 'privchat.theme': '"purple"' })), 'system', 'an unknown value is the default');
});

test('alert settings: defaults (no text, sound on), kept, and malformed values ignored', () => {
  const storage = memoryStorage();
  assert.deepEqual(loadAlertSettings(storage), DEFAULT_ALERT_SETTINGS);
  assert.equal(DEFAULT_ALERT_SETTINGS.showText, false);
  saveAlertSettings({ ...DEFAULT_ALERT_SETTINGS, showText: true, extra: 'not kept' }, storage);
  assert.deepEqual(loadAlertSettings(storage), { ...DEFAULT_ALERT_SETTINGS, showText: true });
  assert.equal(storage.kept.get('privchat.alerts').includes('not kept'), false);
  assert.deepEqual(loadAlertSettings(memoryStorage({ 'privchat.alerts': '{"sound":"loud"' })), DEFAULT_ALERT_SETTINGS);
});

test('muted rooms are kept by room name; a direct conversation is never muted', () => {
  const storage = memoryStorage();
  let muted = setRoomMuted(loadMutedRooms(storage), 'dev', true, storage);
  muted = setRoomMuted(muted, 'lobby', true, storage);
  muted = setRoomMuted(muted, 'lobby', false, storage);
  assert.deepEqual([...loadMutedRooms(storage)], ['dev']);
  assert.equal(isMutedView({ kind: 'room', name: 'dev' }, muted), true);
  assert.equal(isMutedView({ kind: 'dm', name: 'dev' }, muted), false);
});

test('storage that refuses leaves the defaults', () => {
  const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  assert.equal(loadThemeChoice(refusing), 'system');
  saveThemeChoice('dark', refusing);
  assert.deepEqual(loadAlertSettings(refusing), DEFAULT_ALERT_SETTINGS);
});
