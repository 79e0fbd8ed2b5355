// The application shell the service worker caches: the page, this build's hashed assets (not their
// source maps), and the public files (manifest, icons). Its cache's name is a hash of what the shell
// holds, so each build that changes anything gets a new cache and the worker drops the older ones.

import { createHash } from 'node:crypto';

/** The shell's paths: '/', then /assets/NAME for each bundled .js and .css, then /PATH for each public file. */
export function shellPaths(assetNames, publicFiles) {
  const assets = assetNames.filter((name) => /\.(js|css)$/.test(name)).map((name) => `/assets/${name}`);
  return ['/', ...assets.sort(), ...publicFiles.map((path) => `/${path}`).sort()];
}

/** The cache's name for a shell: `privchat-shell-` and a hash of each path with its bytes. */
export function shellCacheName(contents) {
  const hash = createHash('sha256');
  for (const [path, bytes] of [...contents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${path}\0`).update(bytes).update('\0');
  return `privchat-shell-${hash.digest('hex').slice(0, 16)}`;
}

/** The service worker's source: the bundled worker with its shell ({cache, paths}) set before it. */
export function serviceWorkerSource(bundled, cache, paths) {
  return `self.shell = ${JSON.stringify({ cache, paths })};\n${bundled}`;
}
