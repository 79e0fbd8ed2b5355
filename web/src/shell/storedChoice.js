// One preference kept in this browser's localStorage, as JSON under a `privchat.` key. Only choices the
// user made go here (a theme, a switch, the names of muted rooms): never anything said, a key or a
// person's name. Storage that refuses (a private window's policy) leaves the default for this visit.

/** The value kept under `key`, or `fallback` when there is none or it cannot be read. */
export function loadChoice(key, fallback, storage = globalThis.localStorage) {
  try {
    const kept = storage?.getItem(key);
    return kept === null || kept === undefined ? fallback : JSON.parse(kept);
  } catch {
    return fallback;
  }
}

/** Keeps `value` under `key` for the next visit (not kept if storage refuses: it still holds for this one). */
export function saveChoice(key, value, storage = globalThis.localStorage) {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Not kept.
  }
}
