import { useState } from 'react';

import { NotificationSettings } from './NotificationSettings.jsx';
import { ReadVisibilitySetting } from './ReadVisibilitySetting.jsx';
import { ThemeSetting } from './ThemeSetting.jsx';

/** "Settings" in the bar: a panel with notifications, sound, read markers and the theme. Escape closes it, giving the focus back to its button. */
export function SettingsPanel({ alerts, onAlertsChange, readVisible, onReadVisibleChange }) {
  const [open, setOpen] = useState(false);
  const close = (event) => {
    if (event.key !== 'Escape') return;
    setOpen(false);
    event.currentTarget.parentElement.querySelector('.settings-button')?.focus();
  };
  return (
    <div className="settings">
      <button type="button" className="settings-button" aria-expanded={open} aria-controls={open ? 'settings-panel' : undefined} onClick={() => setOpen(!open)}>
        Settings
      </button>
      {open && (
        <div id="settings-panel" className="settings-panel" role="dialog" aria-label="Settings" onKeyDown={close}>
          <NotificationSettings settings={alerts} onChange={onAlertsChange} />
          <ReadVisibilitySetting visible={readVisible} onChange={onReadVisibleChange} />
          <ThemeSetting />
        </div>
      )}
    </div>
  );
}
