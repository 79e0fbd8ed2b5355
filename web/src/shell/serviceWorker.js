// Registers the service worker (dist/sw.js, src/serviceWorker/sw.js) where browsers have them; a page
// opened without one (a plain-HTTP address other than localhost, an old browser) just works without.

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Not installable or offline-capable here; nothing else depends on it.
  });
}
