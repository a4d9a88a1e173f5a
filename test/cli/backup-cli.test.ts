import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { builtCli } from '../helpers/cli.js';
import { spawnTs, waitFor } from '../helpers/processes.js';
import { startSite, tempDir, type TestSite } from '../helpers/site.js';

/** slugsIn lists the article slugs stored in a database file. */
function slugsIn(file: string): Set<string> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('SELECT slug FROM articles').all() as { slug: string }[]).map((r) => r.slug));
  } finally {
    db.close();
  }
}

describe('backup and restore from the command line (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-backup-');
  const backupFile = path.join(dir, 'backup.db');
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site.close();
    cleanup();
  });

  it('copies the database consistently while the site serves and is written to', async () => {
    const committed: string[] = [];
    let writing = true;
    let reads = 0;
    // A writer commits one new piece at a time, and a reader keeps fetching pages, for the whole backup.
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const folder = path.join(dir, `live-${i}`);
        fs.mkdirSync(folder);
        fs.writeFileSync(
          path.join(folder, `2026-11-02-live-${i}.md`),
          `---\ntitle: Written during the backup ${i}\ndate: 2026-11-02T08:00:00Z\nauthors: [ada-fixture]\n---\nBody ${i}.\n`,
        );
        importArticles(site.db, [folder]);
        committed.push(`live-${i}`);
        const response = await site.get('/');
        await response.text();
        assert.equal(response.status, 200);
        reads += 1;
      }
    })();
    await waitFor(() => committed.length >= 5, 20_000, 'the writer to commit five pieces', { intervalMs: 5 });
    const committedBefore = [...committed];
    const cli = spawnTs(builtCli(), ['backup', backupFile], { DATABASE_PATH: site.config.databasePath });
    const { code } = await cli.exited;
    writing = false;
    await writer;

    assert.equal(code, 0, cli.stderr());
    assert.match(cli.stdout().join('\n'), /^Backed up \d+ pages \(\d+ KB\) to .*backup\.db; integrity check ok\.$/);
    const check = new BetterSqlite3(backupFile, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
    const backedUp = slugsIn(backupFile);
    for (const slug of [...committedBefore, 'full-piece', 'draft', 'scheduled']) assert.ok(backedUp.has(slug), `${slug} is in the backup`);
    // A snapshot: each live piece is there or not, and nothing that was never committed.
    for (const slug of backedUp) assert.ok(!slug.startsWith('live-') || committed.includes(slug));
    assert.ok(reads > 5 && committed.length > committedBefore.length, 'the site kept reading and writing during the backup');
  });

  it('refuses to overwrite a file unless told to', async () => {
    const cli = spawnTs(builtCli(), ['backup', backupFile], { DATABASE_PATH: site.config.databasePath });
    assert.equal((await cli.exited).code, 2);
    assert.match(cli.stderr(), /already exists; pass --force/);
  });

  it('restores a backup into a new database that then serves every backed-up piece', async () => {
    const restored = path.join(dir, 'restored', 'site.db');
    const cli = spawnTs(builtCli(), ['restore-backup', backupFile], { DATABASE_PATH: restored });
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stdout().join('\n'), /^Restored \d+ pages from .*backup\.db into .*site\.db \(migration \d+\)\.$/);
    assert.deepEqual(slugsIn(restored), slugsIn(backupFile));
    const copy = await startSite({ env: { DATABASE_PATH: restored } });
    try {
      assert.equal((await copy.get('/opinion/live-0')).status, 200);
      assert.equal(copy.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await copy.close();
    }
  });

  it('refuses to restore a damaged backup and leaves the database as it was', async () => {
    const damaged = path.join(dir, 'damaged.db');
    fs.writeFileSync(damaged, Buffer.concat([fs.readFileSync(backupFile).subarray(0, 4096), Buffer.alloc(8192, 0x5a)]));
    const before = slugsIn(site.config.databasePath);
    const cli = spawnTs(builtCli(), ['restore-backup', damaged], { DATABASE_PATH: site.config.databasePath });
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.stderr(), /is not a sound backup .*nothing was restored/);
    assert.deepEqual(slugsIn(site.config.databasePath), before);
  });
});
