import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { spawnServer, waitFor } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

// Pages fetched by the load loops; comment posts and counted visits join here once those routes exist,
// with a check after exit that every accepted one was stored.
const loadPaths = ['/', '/?page=2', '/opinion/full-piece', '/authors/ada-fixture', '/tags/public-transit', '/healthz'];

/** integrityOf opens a database file after the server has gone and runs SQLite's own consistency check. */
function integrityOf(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

// Each test has its own process and database, so they run side by side to keep the suite quick.
describe('graceful shutdown of the real server process (issue 8)', { concurrency: true }, () => {
  const { dir, cleanup } = tempDir('broadsheet-shutdown-');
  after(cleanup);

  it('drains requests under load on SIGTERM, runs every close step in order and exits 0', async () => {
    const databasePath = path.join(dir, 'load.db');
    const server = await spawnServer({ DATABASE_PATH: databasePath, CONTENT_DIR: fixtureContent, SHUTDOWN_TIMEOUT_MS: '5000' });
    const statuses = new Map<number, number>();
    let truncated = 0;
    let refusedAfterSignal = 0;
    let signalled = false;
    const loop = async (offset: number) => {
      for (let i = offset; ; i += 1) {
        const pathname = loadPaths[i % loadPaths.length]!;
        try {
          const response = await fetch(`${server.url}${pathname}`);
          const body = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (pathname !== '/healthz' && response.status === 200 && !body.trimEnd().endsWith('</html>')) truncated += 1;
        } catch (error) {
          // Once the listener is closed, new connections are refused: that is the point of draining.
          assert.ok(signalled, `a request failed before SIGTERM: ${(error as Error).message}`);
          refusedAfterSignal += 1;
          return;
        }
      }
    };
    const loops = Array.from({ length: 6 }, (_, i) => loop(i));
    await waitFor(() => [...statuses.values()].reduce((a, b) => a + b, 0) >= 60, 10_000, 'some load');
    signalled = true;
    server.process.kill('SIGTERM');
    const exit = await server.exited;
    await Promise.all(loops);

    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual([...statuses.keys()].filter((s) => s >= 500), [], 'no 5xx while draining');
    assert.equal(truncated, 0, 'every page that started arrived whole');
    assert.ok(refusedAfterSignal > 0);
    const messages = server.logLines().map((l) => (l.step ? `${String(l.msg)}: ${String(l.step)}` : l.msg));
    const from = messages.indexOf('shutting down: no new connections, finishing requests in flight');
    assert.deepEqual(messages.slice(from).filter((m) => m !== 'request'), [
      'shutting down: no new connections, finishing requests in flight',
      'shutdown step done: flush visit counts',
      'shutdown step done: checkpoint database',
      'shutdown step done: close database',
      'shutdown complete',
    ]);
    assert.equal(integrityOf(databasePath), 'ok');
    // The checkpoint folded the WAL into the file; closing the last connection removed it.
    assert.ok(!fs.existsSync(`${databasePath}-wal`) || fs.statSync(`${databasePath}-wal`).size === 0);
  });

  it('finishes a request already in flight when SIGINT arrives, closing its connection after', async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(dir, 'inflight.db'), CONTENT_DIR: fixtureContent });
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /opinion/full-piece HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.process.kill('SIGINT');
    await waitFor(() => server.logLines().some((l) => l.signal === 'SIGINT'), 5000, 'the shutdown to start');
    socket.write('\r\n');
    await closed;
    assert.match(received, /^HTTP\/1\.1 200 OK/);
    assert.match(received, /Connection: close/i);
    assert.match(received, /<\/html>\s*$/);
    assert.deepEqual(await server.exited, { code: 0, signal: null });
  });

  it('closes connections still open at the deadline and exits 0 all the same', async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(dir, 'deadline.db'), CONTENT_DIR: fixtureContent, SHUTDOWN_TIMEOUT_MS: '300' });
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.on('connect', resolve));
    // Headers that never end: this request can never finish on its own.
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    server.process.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.ok(Date.now() - started < 3000);
    assert.ok(server.logLines().some((l) => l.msg === 'shutdown deadline passed: closing connections still open'));
    socket.destroy();
  });
});
