// Bundles the GUI into dist/: assets named by their content hash (so they can be cached forever) and
// an index.html that points at them. `--watch` rebuilds on every change and serves dist/ (dev mode).
//
// esbuild comes from node_modules (npm install) or, on Debian, from the `esbuild` package; React from
// node_modules or NODE_PATH=/usr/share/nodejs (Debian's node-react, node-react-dom).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
