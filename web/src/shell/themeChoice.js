// Light or dark: the user's choice (system, light or dark), kept in this browser; "system" follows the
// operating system's `prefers-color-scheme`. The page's colours are CSS custom properties on :root,
// switched by `data-theme` on <html> (styles.css).

import { loadChoice, saveChoice } from './storedChoice.js';

const STORAGE_KEY = 'privchat.theme';

export const THEME_CHOICES = ['system', 'light', 'dark'];

export function loadThemeChoice(storage) {
  const kept = loadChoice(STORAGE_KEY, 'system', storage);
  return THEME_CHOICES.includes(kept) ? kept : 'system';
}

export function saveThemeChoice(choice, storage) {
  saveChoice(STORAGE_KEY, THEME_CHOICES.includes(choice) ? choice : 'system', storage);
}

/** The theme shown: the choice, or for "system" what the system prefers. */
export function resolveTheme(choice, systemPrefersDark) {
  if (choice === 'light' || choice === 'dark') return choice;
  return systemPrefersDark ? 'dark' : 'light';
}
