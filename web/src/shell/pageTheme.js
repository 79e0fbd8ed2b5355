// Shows a theme on the page: `data-theme` on <html> (styles.css switches its colours on it) and the
// color-scheme meta (the browser's own scrollbars and form controls follow), and follows the system's
// preference while the choice is "system".

import { resolveTheme } from './themeChoice.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

const systemPrefersDark = () => globalThis.matchMedia?.(DARK_QUERY).matches ?? false;

/** Shows `choice` (themeChoice.js) now; returns the theme shown ('light' or 'dark'). */
export function applyTheme(choice, document = globalThis.document) {
  const theme = resolveTheme(choice, systemPrefersDark());
  document.documentElement.dataset.theme = theme;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', theme);
  return theme;
}

/** Calls `onChange()` when the system's preference changes; returns how to stop. */
export function watchSystemTheme(onChange) {
  const query = globalThis.matchMedia?.(DARK_QUERY);
  if (!query) return () => {};
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
