// The user's choice "Let others see how far I read" (off by default), kept in this browser's
// localStorage: with it our read markers go out `visible`, and we show the others' visible markers.

const STORAGE_KEY = 'privchat.readVisible';

/** Whether the user lets others see how far they read. */
export function loadReadVisibility(storage = globalThis.localStorage) {
  try {
    return storage?.getItem(STORAGE_KEY) === 'true';
  } catch {
    return false; // storage refused (a private window's policy): the default
  }
}

/** Keeps the choice for the next visit. */
export function saveReadVisibility(visible, storage = globalThis.localStorage) {
  try {
    storage?.setItem(STORAGE_KEY, visible ? 'true' : 'false');
  } catch {
    // Not kept: it still holds for this visit.
  }
}
