import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import { writeBulkContent } from '../helpers/bulk-content.js';
import { runCli, type CliEnv } from '../helpers/cli.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

describe('the import command', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'cli.db'), contentDir: fixtureContent };

  it('imports a folder and prints the counts', async () => {
    const { status, stdout } = await runCli(env, ['import', fixtureContent]);
    assert.equal(status, 0);
    assert.match(stdout, /Imported: 17 created, 0 updated, 0 unchanged/);
  });

  it('exits 1 naming the file and field, and writes nothing', async () => {
    const bad = path.join(dir, '2026-11-01-bad.md');
    fs.writeFileSync(bad, '---\ntitle: Bad date\ndate: 2026-11-31\nauthors: [ada-fixture]\n---\nBody.\n');
    const { status, stderr } = await runCli(env, ['import', bad]);
    assert.equal(status, 1);
    assert.match(stderr, /2026-11-01-bad\.md: date: must be a date \(2026-10-14\), a date and time .*\(got "2026-11-31"\)/);
    assert.match(stderr, /nothing was imported/);
    const check = new BetterSqlite3(env.databasePath, { readonly: true });
    assert.equal((check.prepare(`SELECT count(*) AS n FROM articles`).get() as { n: number }).n, 17);
    check.close();
  });

  it('exits 2 for a usage error', async () => {
    const { status, stderr } = await runCli(env, ['import']);
    assert.equal(status, 2);
    assert.match(stderr, /import needs at least one file or folder/);
    assert.equal((await runCli(env, ['frobnicate'])).status, 2);
  });
});

describe('a large import through the built CLI (issue 16)', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const pieces = 250;
  const bulk = path.join(dir, 'bulk');
  writeBulkContent(bulk, pieces);
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'cli.db'), contentDir: bulk };

  it('parses and renders 250 Markdown files on worker threads and stores what a serial import stores', async (t) => {
    // NODE_DEBUG=worker is Node's own trace of worker threads starting: it shows that the compiled worker script
    // beside the built CLI was found and run, which nothing else the CLI prints would.
    const run = await runCli(env, ['import', bulk], { extraEnv: { NODE_DEBUG: 'worker' } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Imported: ${pieces} created, 0 updated, 0 unchanged, 0 skipped`));
    if (os.availableParallelism() > 1) {
      assert.match(run.stderr, /starts worker script .*dist\/publishing\/render-worker\.js/, 'the render workers started from dist/');
      assert.doesNotMatch(run.stderr, /an import worker (failed|stopped)/);
    } else {
      t.diagnostic('one core: the CLI renders on the main thread, so no worker started');
    }

    const serialFile = path.join(dir, 'serial.db');
    const serial = openDatabase(serialFile, migrationsDir);
    importArticles(serial, [bulk]);
    serial.close();
    const rows = (file: string) => {
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        return db.prepare('SELECT slug, title, body_html, excerpt_html, content_hash, published_ts, list_position FROM articles ORDER BY slug').all();
      } finally {
        db.close();
      }
    };
    const stored = rows(env.databasePath);
    assert.equal(stored.length, pieces);
    assert.deepEqual(stored, rows(serialFile));
  });
});
