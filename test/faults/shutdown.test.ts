import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { browserAgent, commentStreamEnv, missingComments, startCommentStream } from '../helpers/comment-traffic.js';
import { spawnServer, waitFor } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

// Pages fetched by the load loops, beside a stream of comment posts; the article is read as a browser, so
// each read that answers 200 is a counted view.
const loadPaths = ['/', '/?page=2', '/opinion/full-piece', '/authors/ada-fixture', '/tags/public-transit', '/healthz', '/search?q=transit', '/feed.xml'];

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

  it('drains requests under load on SIGTERM, runs every close step in order, loses no comment or view and exits 0', async (t) => {
    const databasePath = path.join(dir, 'load.db');
    // Visit counts are flushed only at shutdown (the timer would wait an hour), so the close step is what stores them.
    const server = await spawnServer({
      DATABASE_PATH: databasePath,
      CONTENT_DIR: fixtureContent,
      SHUTDOWN_TIMEOUT_MS: '5000',
      VISIT_FLUSH_SECONDS: '3600',
      ...commentStreamEnv,
    });
    const statuses = new Map<number, number>();
    const articleReads = { ok: 0, failed: 0 };
    let truncated = 0;
    let refusedAfterSignal = 0;
    let signalled = false;
    const loop = async (offset: number) => {
      for (let i = offset; ; i += 1) {
        const pathname = loadPaths[i % loadPaths.length]!;
        const isArticle = pathname.startsWith('/opinion/');
        const isHtml = !/^\/(healthz|feed)/.test(pathname);
        try {
          const response = await fetch(`${server.url}${pathname}`, { headers: { 'user-agent': browserAgent } });
          const body = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (isArticle && response.status === 200) articleReads.ok += 1;
          if (isHtml && response.status === 200 && !body.trimEnd().endsWith('</html>')) truncated += 1;
        } catch (error) {
          // Once the listener is closed, new connections are refused: that is the point of draining.
          assert.ok(signalled, `a request failed before SIGTERM: ${(error as Error).message}`);
          if (isArticle) articleReads.failed += 1;
          refusedAfterSignal += 1;
          return;
        }
      }
    };
    const loops = Array.from({ length: 6 }, (_, i) => loop(i));
    const comments = startCommentStream(server.url, 'full-piece', { loops: 2, label: 'Shutdown reader' });
    try {
      await waitFor(
        () => [...statuses.values()].reduce((a, b) => a + b, 0) >= 60 && comments.accepted.length >= 10,
        15_000,
        'some load and at least 10 accepted comments',
      );
    } finally {
      signalled = true;
      server.process.kill('SIGTERM');
    }
    const exit = await server.exited;
    await Promise.all([...loops, comments.done]);

    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual([...statuses.keys(), ...comments.statuses.keys()].filter((s) => s >= 500), [], 'no 5xx while draining');
    assert.deepEqual([...comments.statuses.keys()].filter((s) => s !== 200 && s !== 303), [], 'every comment post accepted');
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

    const db = new BetterSqlite3(databasePath, { readonly: true });
    try {
      assert.deepEqual(missingComments(db, comments.accepted), [], 'every comment answered 303 is stored');
      const views = db
        .prepare(`SELECT coalesce(sum(v.views), 0) AS n FROM article_visits v JOIN articles a ON a.id = v.article_id WHERE a.slug = 'full-piece'`)
        .get() as { n: number };
      const answered = articleReads.ok + comments.okViews.count;
      t.diagnostic(`${comments.accepted.length} comments accepted, ${answered} article reads answered 200, ${views.n} views stored`);
      // Every read answered 200 was counted; a read cut off by the shutdown may have been counted or not.
      assert.ok(views.n >= answered, `${views.n} views stored for ${answered} reads answered 200`);
      assert.ok(views.n <= answered + articleReads.failed + comments.failed.read, `${views.n} views stored, more than were read`);
    } finally {
      db.close();
    }
  });

  for (const workers of [1, 2]) {
  it(`reports a last flush of visit counts that failed, and exits 1 rather than 0 with the views lost, with ${workers} worker(s) (issue 17)`, async () => {
    const databasePath = path.join(dir, `flush-fails-${workers}.db`);
    const server = await spawnServer({ DATABASE_PATH: databasePath, CONTENT_DIR: fixtureContent, VISIT_FLUSH_SECONDS: '3600', WORKERS: String(workers) });
    await waitFor(() => server.logLines().filter((l) => l.msg === 'serving').length >= workers, 20_000, 'every worker to listen');
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${server.url}/opinion/full-piece`, { headers: { 'user-agent': browserAgent } });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    }
    // The database refuses the counts from here on (as a constraint would): only the shutdown flush tries them.
    const db = new BetterSqlite3(databasePath);
    db.exec(`CREATE TRIGGER refuse_counts BEFORE INSERT ON article_visits BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    db.close();
    server.process.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 1, signal: null });
    const lines = server.logLines();
    // The worker that held the views says its flush failed, never that it was done, and exits 1.
    const failed = lines.find((l) => l.msg === 'shutdown step failed');
    assert.equal(failed?.step, 'flush visit counts');
    const views = workers === 1 ? '3' : '\\d+';
    assert.match(String((failed?.err as { message?: string } | undefined)?.message), new RegExp(`visit counts not all written at close: refused and dropped, the other tallies written: ${views} views of article \\d+ \\(refused by the test\\)`));
    const ofWorker = lines.filter((l) => l.pid === failed?.pid);
    assert.ok(!ofWorker.some((l) => l.msg === 'shutdown step done' && l.step === 'flush visit counts'), 'the failed flush is not logged as done');
    assert.equal(ofWorker.find((l) => l.msg === 'shutdown complete')?.exitCode, 1);
  });
  }

  it('finishes a request already in flight when SIGINT arrives, closing its connection after', async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(dir, 'inflight.db'), CONTENT_DIR: fixtureContent });
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /opinion/full-piece HTTP/1.1\r\nHost: localhost\r\n');
    // Time for the server to read half a request, which it shows no sign of from outside: nothing to poll.
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
    // As above: time for the server to read the half request, which nothing outside it can observe.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    server.process.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.ok(Date.now() - started < 3000);
    assert.ok(server.logLines().some((l) => l.msg === 'shutdown deadline passed: closing connections still open'));
    socket.destroy();
  });
});
