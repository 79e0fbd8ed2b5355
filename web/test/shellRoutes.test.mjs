// What the service worker answers from its cache (src/serviceWorker/shellRoutes.js) and the shell build.mjs lists (scripts/shell.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { shellCacheName, shellPaths, serviceWorkerSource } from '../scripts/shell.mjs';
import { routeOf } from '../src/serviceWorker/shellRoutes.js';

const origin = 'https://chat.example';
const shell = ['/', '/assets/main-ABC.js', '/assets/main-DEF.css', '/icons/icon-192.png', '/manifest.webmanifest'];
const get = (path, method = 'GET', at = origin) => routeOf({ method, url: at + path }, shell, origin);

test('the page is network-first, the rest of the shell cache-first', () => {
  assert.equal(get('/'), 'network-first');
  assert.equal(get('/assets/main-ABC.js'), 'cache-first');
  assert.equal(get('/manifest.webmanifest'), 'cache-first');
});

test('everything else goes to the network: the socket, health, metrics, the API, file bodies, a query, another method or origin', () => {
  for (const path of ['/ws', '/healthz', '/metrics', '/api/share', '/files/0f1e2d3c4b5a69788796a5b4c3d2e1f0', '/?server=x', '/assets/main-ABC.js?v=1', '/assets/other.js', '/index.html']) {
    assert.equal(get(path), 'network', path);
  }
  assert.equal(get('/', 'POST'), 'network');
  assert.equal(get('/', 'GET', 'https://elsewhere.example'), 'network');
});

test('the shell lists the page, the hashed .js and .css (no source maps) and the public files', () => {
  assert.deepEqual(shellPaths(['main-ABC.js', 'main-ABC.js.map', 'main-DEF.css'], ['manifest.webmanifest', 'icons/icon-192.png']), [
    '/',
    '/assets/main-ABC.js',
    '/assets/main-DEF.css',
    '/icons/icon-192.png',
    '/manifest.webmanifest',
  ]);
});

test('the cache name changes with any byte of the shell, not with the order it is given in', () => {
  const one = [['/', Buffer.from('page')], ['/a.js', Buffer.from('code')]];
  assert.equal(shellCacheName(one), shellCacheName([...one].reverse()));
  assert.notEqual(shellCacheName(one), shellCacheName([['/', Buffer.from('page!')], ['/a.js', Buffer.from('code')]]));
  assert.match(shellCacheName(one), /^privchat-shell-[0-9a-f]{16}$/);
  assert.ok(serviceWorkerSource('run();', 'c', ['/']).startsWith('self.shell = {"cache":"c","paths":["/"]};\n'));
});
