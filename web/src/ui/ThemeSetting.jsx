import { useState } from 'react';

import { applyTheme } from '../shell/pageTheme.js';
import { loadThemeChoice, saveThemeChoice, THEME_CHOICES } from '../shell/themeChoice.js';

const LABELS = { system: 'System', light: 'Light', dark: 'Dark' };

/** System, light or dark: shown at once and kept in this browser. */
export function ThemeSetting() {
  const [choice, setChoice] = useState(loadThemeChoice);
  const choose = (next) => {
    saveThemeChoice(next);
    applyTheme(next);
    setChoice(next);
  };
  return (
    <fieldset className="settings-group theme-setting">
      <legend>Theme</legend>
      <div className="segmented">
        {THEME_CHOICES.map((name) => (
          <label key={name} className="check">
            <input type="radio" name="theme" value={name} checked={choice === name} onChange={() => choose(name)} />
            {LABELS[name]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
