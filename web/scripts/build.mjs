// Bundles the GUI into dist/: assets named by their content hash (so they can be cached forever), an
// index.html that points at them, the public files (manifest, icons: public/) and the service worker
// (sw.js, at the root for its scope), which is told this build's shell (scripts/shell.mjs).
// `--watch` rebuilds on every change and serves dist/ (dev mode).
//
// esbuild comes from node_modules (npm install) or, on Debian, from the `esbuild` package; React from
// node_modules or NODE_PATH=/usr/share/nodejs (Debian's node-react, node-react-dom).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serviceWorkerSource, shellCacheName, shellPaths } from './shell.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(web, 'dist');
const local = join(web, 'node_modules', '.bin', 'esbuild');
const esbuild = existsSync(local) ? local : 'esbuild';
const env = { ...process.env, NODE_PATH: process.env.NODE_PATH ?? '/usr/share/nodejs' };
const watching = process.argv.includes('--watch');

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(esbuild, args, { cwd: web, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => reject(new Error(`cannot run esbuild (${error.message}): npm install, or apt-get install esbuild`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`esbuild exited with ${code}`))));
  });
}

async function build() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'assets'), { recursive: true });
  const meta = join(dist, 'meta.json');
  await run([
    'src/main.jsx',
    '--bundle',
    '--jsx=automatic',
    '--format=esm',
    '--target=es2020',
    '--minify',
    '--sourcemap',
    '--define:process.env.NODE_ENV="production"',
    '--entry-names=[name]-[hash]',
    '--outdir=dist/assets',
    `--metafile=${meta}`,
    '--log-level=warning',
  ]);
  const outputs = Object.keys(JSON.parse(readFileSync(meta, 'utf8')).outputs).map((path) => basename(path));
  rmSync(meta);
  let html = readFileSync(join(web, 'src', 'index.html'), 'utf8');
  for (const extension of ['js', 'css']) {
    const file = outputs.find((name) => name.startsWith('main-') && name.endsWith(`.${extension}`));
    if (!file) throw new Error(`esbuild wrote no main .${extension}`);
    html = html.replace(`{{main.${extension}}}`, file);
  }
  writeFileSync(join(dist, 'index.html'), html);
  cpSync(join(web, 'public'), dist, { recursive: true });
  await writeServiceWorker(outputs);
}

/** dist/sw.js: src/serviceWorker/sw.js bundled, with the shell of this build (read back from dist/). */
async function writeServiceWorker(outputs) {
  const publicFiles = readdirSync(join(web, 'public'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(join(web, 'public'), join(entry.parentPath ?? entry.path, entry.name)).split('\\').join('/'));
  const paths = shellPaths(outputs, publicFiles);
  const contents = paths.map((path) => [path, readFileSync(join(dist, path === '/' ? 'index.html' : path.slice(1)))]);
  const bundled = join(dist, 'sw.bundle.js');
  await run(['src/serviceWorker/sw.js', '--bundle', '--format=iife', '--target=es2020', '--minify', `--outfile=${bundled}`, '--log-level=warning']);
  writeFileSync(join(dist, 'sw.js'), serviceWorkerSource(readFileSync(bundled, 'utf8'), shellCacheName(contents), paths));
  rmSync(bundled);
}

async function main() {
  await build();
  console.log(`web: built ${dist}`);
  if (!watching) return;
  // Dev mode: rebuild on change, serve dist/ (no-cache) on PORT, stop at once on Ctrl-C or SIGTERM.
  const { serve } = await import('./serve.mjs');
  const server = serve(dist, Number(process.env.PORT ?? 5173));
  let pending;
  const watcher = watch(join(web, 'src'), { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => build().then(() => console.log('web: rebuilt'), (error) => console.error(`web: ${error.message}`)), 50);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      watcher.close();
      server.close();
      server.closeAllConnections();
      process.exit(0);
    });
  }
}

main().catch((error) => {
  console.error(`web: ${error.message}`);
  process.exit(1);
});
