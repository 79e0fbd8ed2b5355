// The service worker: makes the GUI installable and opens offline to its shell (shellRoutes.js says what
// is answered from the cache: the shell, nothing else). build.mjs bundles this file into dist/sw.js, at
// the root so that its scope is the whole site, and puts `self.shell` = {cache, paths} before it: the
// cache's name changes with every build, and an activated worker deletes the older builds' caches.
// A click on a notification focuses the chat's tab (or opens one) and shows the conversation it is about.

import { routeOf } from './shellRoutes.js';

const { cache: CACHE, paths: SHELL } = self.shell;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, SHELL, self.location.origin);
  if (route === 'network') return;
  event.respondWith(route === 'network-first' ? networkFirst(event.request) : cacheFirst(event.request));
});

/** The page from the network (not kept: the cached one must match this build's assets), else the cached shell. */
async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match('/', { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const view = event.notification.data?.view;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const chat = windows.find((client) => client.focused) ?? windows[0];
      if (!chat) {
        await self.clients.openWindow('/');
        return;
      }
      await chat.focus();
      if (typeof view === 'string') chat.postMessage({ type: 'open-view', view });
    })(),
  );
});
