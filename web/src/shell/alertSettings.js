// What the user chose about alerts: browser notifications (asked for only after their click), whether a
// notification may carry the message's text, whether it may for end-to-end encrypted rooms and direct
// messages too, and the sound. Text is off by default: a notification shows on a locked phone's screen.

import { loadChoice, saveChoice } from './storedChoice.js';

const STORAGE_KEY = 'privchat.alerts';

export const DEFAULT_ALERT_SETTINGS = Object.freeze({
  notifications: false, // the user turned them on (the browser's permission is asked then, and must be granted too)
  showText: false, // "Show message text in notifications"
  showEncryptedText: false, // "… also for encrypted rooms and direct messages": only with showText
  sound: true, // a short tone for a mention or a direct message
});

/** The settings as kept, with the defaults for anything missing or malformed. */
export function loadAlertSettings(storage) {
  const kept = loadChoice(STORAGE_KEY, {}, storage);
  const settings = { ...DEFAULT_ALERT_SETTINGS };
  for (const name of Object.keys(settings)) if (typeof kept?.[name] === 'boolean') settings[name] = kept[name];
  return settings;
}

export function saveAlertSettings(settings, storage) {
  const kept = {};
  for (const name of Object.keys(DEFAULT_ALERT_SETTINGS)) kept[name] = Boolean(settings[name]);
  saveChoice(STORAGE_KEY, kept, storage);
}
