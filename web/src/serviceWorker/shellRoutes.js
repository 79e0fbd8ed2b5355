// Which requests the service worker answers, and how. Only the application shell is ever cached: the
// page, this build's hashed assets, the manifest and the icons (the list build.mjs writes into sw.js).
// Everything else (/ws, /healthz, /metrics, /api/*, any address with a query, any method but GET, other
// origins) goes to the network untouched and never into a cache: messages and keys never reach one.

/** 'network' (not ours to answer), 'network-first' (the page: fresh when online, the cached shell offline), or 'cache-first' (a hashed asset, a manifest, an icon). */
export function routeOf({ method, url }, shellPaths, origin) {
  if (method !== 'GET') return 'network';
  const address = new URL(url);
  if (address.origin !== origin || address.search !== '' || !shellPaths.includes(address.pathname)) return 'network';
  return address.pathname === '/' ? 'network-first' : 'cache-first';
}
