// Who is typing in a room (docs/PROTOCOL.md, "Typing"): a hint, not a message. A typist is forgotten
// after 6 seconds without news, when they stop, leave, or a message of theirs arrives.

export const TYPING_TIMEOUT_MS = 6000;

/** `typists` (name → last news, ms) after a `typing` frame received at `now`. */
export function noteTyping(typists, { from, active }, now) {
  const next = forgetTypist(typists, from);
  return active === false ? next : { ...next, [from]: now };
}

/** `typists` without `name` (regardless of case): they stopped, left, or said something. */
export function forgetTypist(typists, name) {
  const wanted = name.toLowerCase();
  return Object.fromEntries(Object.entries(typists ?? {}).filter(([typist]) => typist.toLowerCase() !== wanted));
}

/** The names still typing at `now`, in order. */
export function activeTypists(typists, now) {
  return Object.entries(typists ?? {})
    .filter(([, time]) => now - time < TYPING_TIMEOUT_MS)
    .map(([name]) => name)
    .sort((a, b) => a.localeCompare(b));
}

/** The line under the messages: "alice is typing…", "alice and bob are typing…", "several people are typing…"; '' for nobody. */
export function typingLine(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'several people are typing…';
}
