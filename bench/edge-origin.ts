// The origin for bench/edge.ts: the real app on a fresh database of content/, behind a thin server that
// counts the requests it receives, so the benchmark can tell how many article requests reached the origin.
// GET /__bench/requests answers those counts (and is not itself counted); nothing else differs from the app.
import { createServer } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { importArticles } from '../src/publishing/import.js';
import { openDatabase } from '../src/db/open.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-origin-'));
const config = loadConfig({ ...process.env, DATABASE_PATH: path.join(dir, 'bench.db') });
const db = openDatabase(config.databasePath, path.join(projectRoot, 'migrations'));
importArticles(db, [path.join(projectRoot, 'content')]);
const app = createApp({ db, config });

const counts = new Map<string, number>();
const server = createServer((req, res) => {
  if (req.url === '/__bench/requests') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(Object.fromEntries(counts)));
    return;
  }
  const pathname = (req.url ?? '').split('?')[0]!;
  counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
  app(req, res);
});
server.listen(config.port, '127.0.0.1');
const stop = () => {
  server.closeAllConnections();
  server.close(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
