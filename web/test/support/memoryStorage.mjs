// A localStorage stand-in ({getItem, setItem}) for the preference modules' tests.

export function memoryStorage(entries = {}) {
  const kept = new Map(Object.entries(entries));
  return { getItem: (key) => (kept.has(key) ? kept.get(key) : null), setItem: (key, value) => kept.set(key, String(value)), kept };
}
