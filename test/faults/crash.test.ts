import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { importArticles } from '../../src/content/import.js';
import { openDatabase } from '../../src/db/open.js';
import { writeBulkContent } from '../helpers/bulk-content.js';
import { cliEntry, spawnTs, waitFor } from '../helpers/processes.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

const bulkCount = 400;

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
    // The import writes everything in one transaction; once the WAL holds megabytes of it (the page cache
    // spilling), the transaction is well under way but not committed.
    await waitFor(() => fs.existsSync(`${databasePath}-wal`) && fs.statSync(`${databasePath}-wal`).size > 512 * 1024, 20_000, 'the import to be writing');
    cli.process.kill('SIGKILL');
    const exit = await cli.exited;
    assert.equal(exit.signal, 'SIGKILL', 'the import was killed, not finished');
    const committed = cli.stdout().some((line) => line.startsWith('Imported:'));
    t.diagnostic(committed ? 'the kill came just after the commit' : 'the kill came inside the import transaction');

    const reopened = openDatabase(databasePath, migrationsDir);
    try {
      assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((reopened.pragma('foreign_key_check') as unknown[]).length, 0);
      const bulkRows = (reopened.prepare(`SELECT count(*) AS n FROM articles WHERE slug LIKE 'bulk-%'`).get() as { n: number }).n;
      const total = (reopened.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
      assert.equal(bulkRows, committed ? bulkCount : 0, 'all or nothing');
      assert.equal(total, before + bulkRows, 'the earlier import is intact');
      const positions = reopened.prepare('SELECT count(DISTINCT list_position) AS n FROM articles WHERE draft = 0').get() as { n: number };
      assert.equal(positions.n, (reopened.prepare('SELECT count(*) AS n FROM articles WHERE draft = 0').get() as { n: number }).n);
    } finally {
      reopened.close();
    }
  });
});
