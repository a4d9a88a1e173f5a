// node --import tsx bench/install-tools.ts bench [audit]
//
// Eleventy, autocannon, Lighthouse and chrome-launcher are only used by `npm run bench`, `bench:edge` and
// `audit`, and they are most of what a root `npm install` would download. So each tool folder (bench/,
// audit/) has its own package.json and package-lock.json, and its tools are installed into that folder's
// node_modules here, on first use. Node resolves a bare import from the importing file's folder upwards,
// so bench/*.ts finds bench/node_modules before the root's. This runs as its own step before the tool
// itself because a script's static imports are resolved before any of its code could install them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const folders = process.argv.slice(2);
if (folders.length === 0 || !folders.every((folder) => folder === 'bench' || folder === 'audit')) {
  console.error('usage: install-tools.ts bench|audit ...');
  process.exit(2);
}

for (const folder of folders) {
  const dir = path.join(root, folder);
  // The lock's hash, written after a successful install, says the installed tools are the locked ones; a
  // changed lock (a tool upgraded) installs again.
  const wanted = createHash('sha256').update(fs.readFileSync(path.join(dir, 'package-lock.json'))).digest('hex');
  const stamp = path.join(dir, 'node_modules', '.installed-lock-sha256');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) continue;
  const tools = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies);
  console.error(`Installing ${tools.join(', ')} into ${folder}/node_modules (once; see docs/testing.md)…`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (npm.status !== 0) {
    console.error(`npm ci in ${folder}/ failed (exit ${npm.status ?? npm.signal}); the ${folder} tools cannot run without it.`);
    process.exit(1);
  }
  fs.writeFileSync(stamp, wanted);
}
