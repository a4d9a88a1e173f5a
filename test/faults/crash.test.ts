import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import { writeBulkContent } from '../helpers/bulk-content.js';
import { commentStreamEnv, missingComments, startCommentStream } from '../helpers/comment-traffic.js';
import { cliEntry, spawnServer, spawnTs, waitFor } from '../helpers/processes.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

const bulkCount = 400;
// Enough answered posts before the kill that a lost commit would show, yet a few seconds of load at most.
const acceptedBeforeKill = 40;

describe('crash safety (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-crash-');
  after(cleanup);

  it('leaves an import killed with SIGKILL halfway either wholly there or wholly absent, and the file sound', async (t) => {
    const databasePath = path.join(dir, 'crash.db');
    const bulk = path.join(dir, 'bulk');
    writeBulkContent(bulk, bulkCount);
    const db = openDatabase(databasePath, migrationsDir);
    importArticles(db, [fixtureContent]);
    const before = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    db.close();

    const cli = spawnTs(cliEntry, ['import', bulk], { DATABASE_PATH: databasePath });
    // The import writes everything in one transaction, holding SQLite's write lock from its first write to
    // its commit. A second connection that cannot take the lock knows the transaction is under way.
    const probe = new BetterSqlite3(databasePath);
    probe.pragma('busy_timeout = 0');
    const importHoldsTheLock = () => {
      try {
        probe.exec('BEGIN IMMEDIATE; ROLLBACK');
        return false;
      } catch (error) {
        return (error as { code?: string }).code === 'SQLITE_BUSY';
      }
    };
    await waitFor(importHoldsTheLock, 20_000, 'the import transaction to start writing');
    // Let it write a good part of the 400 pieces before the kill. A chosen moment, not a condition to poll:
    // nothing outside the transaction can see how far it has got (its pages stay in the writer's cache and
    // reach the write-ahead log only at commit).
    await new Promise((resolve) => setTimeout(resolve, 150));
    cli.process.kill('SIGKILL');
    probe.close();
    const exit = await cli.exited;
    assert.equal(exit.signal, 'SIGKILL', 'the import was killed, not finished');

    const reopened = openDatabase(databasePath, migrationsDir);
    try {
      assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((reopened.pragma('foreign_key_check') as unknown[]).length, 0);
      const bulkRows = (reopened.prepare(`SELECT count(*) AS n FROM articles WHERE slug LIKE 'bulk-%'`).get() as { n: number }).n;
      const total = (reopened.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
      // The kill usually lands inside the transaction; on a fast run it can land just after the commit (before
      // the CLI prints). Either way the import is all or nothing.
      assert.ok(bulkRows === 0 || bulkRows === bulkCount, `all or nothing, found ${bulkRows} of ${bulkCount}`);
      t.diagnostic(bulkRows === 0 ? 'the kill came inside the import transaction' : 'the kill came just after the commit');
      assert.equal(total, before + bulkRows, 'the earlier import is intact');
      const positions = reopened.prepare('SELECT count(DISTINCT list_position) AS n FROM articles WHERE draft = 0').get() as { n: number };
      assert.equal(positions.n, (reopened.prepare('SELECT count(*) AS n FROM articles WHERE draft = 0').get() as { n: number }).n);
    } finally {
      reopened.close();
    }
  });

  it('keeps every comment that got a 303 when the server is killed with SIGKILL mid-stream, and the file sound', async (t) => {
    const databasePath = path.join(dir, 'comments.db');
    const server = await spawnServer({ DATABASE_PATH: databasePath, CONTENT_DIR: fixtureContent, ...commentStreamEnv });
    const stream = startCommentStream(server.url, 'full-piece', { loops: 4, label: 'Crash reader' });
    try {
      await waitFor(() => stream.accepted.length >= acceptedBeforeKill, 20_000, `${acceptedBeforeKill} accepted comments`);
    } finally {
      // Killed while the four clients are still reading and posting: some requests are cut off mid-flight.
      // In finally, so a failed wait leaves no server or client loop running.
      server.process.kill('SIGKILL');
    }
    const exit = await server.exited;
    await stream.done;
    assert.equal(exit.signal, 'SIGKILL', 'the server was killed, not stopped');
    assert.deepEqual([...stream.statuses.keys()].filter((s) => s !== 200 && s !== 303), [], 'nothing but pages and 303s before the kill');
    assert.equal(stream.failed.read + stream.failed.post, 4, 'every client lost its connection at the kill');
    t.diagnostic(`${stream.accepted.length} comments accepted; at the kill ${stream.failed.post} posts and ${stream.failed.read} reads were cut off`);

    // Opening the file runs SQLite's recovery of the write-ahead log the killed process left behind.
    const reopened = openDatabase(databasePath, migrationsDir);
    try {
      assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((reopened.pragma('foreign_key_check') as unknown[]).length, 0);
      assert.deepEqual(missingComments(reopened, stream.accepted), [], 'every comment answered 303 is stored');
      const stored = (reopened.prepare(`SELECT count(*) AS n FROM comments WHERE author_name LIKE 'Crash reader %'`).get() as { n: number }).n;
      // A post cut off by the kill may or may not have committed; nothing else can add a row.
      assert.ok(stored <= stream.accepted.length + stream.failed.post, `${stored} stored for ${stream.accepted.length} accepted`);
    } finally {
      reopened.close();
    }
  });
});
