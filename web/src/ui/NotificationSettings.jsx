import { useState } from 'react';

import { notificationPermission, requestNotificationPermission } from '../shell/notifier.js';

const PERMISSION_NOTES = {
  denied: 'Your browser blocks notifications for this site: allow them in its site settings.',
  unsupported: 'This browser cannot show notifications here.',
};

/**
 * Notifications (asked for only when the user clicks "Turn on notifications"), what they may show, and
 * the sound. `settings` and `onChange(next)` are shell/alertSettings.js's.
 */
export function NotificationSettings({ settings, onChange }) {
  const [permission, setPermission] = useState(notificationPermission);
  const on = settings.notifications && permission === 'granted';
  const change = (name) => (event) => onChange({ ...settings, [name]: event.target.checked });

  const turnOn = async () => {
    const answer = await requestNotificationPermission();
    setPermission(answer);
    if (answer === 'granted') onChange({ ...settings, notifications: true });
  };

  return (
    <fieldset className="settings-group notification-settings">
      <legend>Notifications</legend>
      <p className="hint">For mentions of you and direct messages, while this tab is in the background.</p>
      {on ? (
        <button type="button" className="turn-off-notifications" onClick={() => onChange({ ...settings, notifications: false })}>
          Turn off notifications
        </button>
      ) : (
        <button type="button" className="primary turn-on-notifications" onClick={turnOn} disabled={permission === 'unsupported'}>
          Turn on notifications
        </button>
      )}
      {PERMISSION_NOTES[permission] && <p className="hint permission-note">{PERMISSION_NOTES[permission]}</p>}
      <label className="check">
        <input type="checkbox" name="show-text" checked={settings.showText} onChange={change('showText')} />
        Show message text in notifications
      </label>
      <label className="check nested">
        <input type="checkbox" name="show-encrypted-text" checked={settings.showEncryptedText} disabled={!settings.showText} onChange={change('showEncryptedText')} />
        … also for encrypted rooms and direct messages
      </label>
      <label className="check">
        <input type="checkbox" name="sound" checked={settings.sound} onChange={change('sound')} />
        Play a sound for mentions and direct messages
      </label>
    </fieldset>
  );
}
