import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ContentError } from '../../../src/content/content-error.js';
import { applyImport, applyImportInParallel } from '../../../src/publishing/import-plan.js';
import { RenderPool } from '../../../src/publishing/render-pool.js';
import { loadImportSources } from '../../../src/publishing/sources.js';
import { openDatabase } from '../../../src/db/open.js';
import { fixedNow, fixtureContent, migrationsDir, tempDir } from '../../helpers/site.js';

const tables = ['authors', 'articles', 'article_authors', 'tags', 'article_tags', 'corrections', 'article_aliases', 'article_old_slugs', 'revisions'];

/** dump is every stored row an import writes, plus the search index's matches for a few words. */
function dump(db: Database): Record<string, unknown[]> {
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  rows.search = ['bus', 'library', 'council'].map((word) => db.prepare(`SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid`).all(word));
  return rows;
}

describe('RenderPool: a parallel import stores exactly what a serial one does', () => {
  const { dir, cleanup } = tempDir();
  // Even the fixtures' 17 files go through both workers, three to a message, so order across messages counts.
  const pool = new RenderPool({ size: 2, minBatch: 1, chunkSize: 3 });
  const content = path.join(dir, 'content');
  let serial: Database;
  let parallel: Database;
  const options = { now: () => fixedNow };
  const importBoth = async () => {
    applyImport(serial, await loadImportSources([content]), options);
    return applyImportInParallel(parallel, await loadImportSources([content], { pool }), pool, options);
  };

  before(() => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    serial = openDatabase(path.join(dir, 'serial.db'), migrationsDir);
    parallel = openDatabase(path.join(dir, 'parallel.db'), migrationsDir);
  });
  after(async () => {
    await pool.close();
    serial.close();
    parallel.close();
    cleanup();
  });

  it('parses the same articles, problems and sources in the same order', async () => {
    const one = await loadImportSources([content]);
    const progress: number[] = [];
    const other = await loadImportSources([content], { pool, progress: (done) => progress.push(done) });
    assert.deepEqual(other, one);
    assert.equal(one.articles.length, 17);
    assert.deepEqual(progress, Array.from({ length: 17 }, (_, i) => i + 1), 'progress counts every file once');
  });

  it('creates identical rows, ids and search entries', async () => {
    const plan = await importBoth();
    assert.equal(plan.entries.filter((e) => e.action === 'create').length, 17);
    assert.deepEqual(dump(parallel), dump(serial));
  });

  it('updates identically, keeping the same revisions, and writes nothing for an unchanged archive', async () => {
    const file = path.join(content, 'articles', fs.readdirSync(path.join(content, 'articles')).find((f) => f.endsWith('.md'))!);
    fs.appendFileSync(file, '\nA paragraph the author added after publication.\n');
    const plan = await importBoth();
    assert.deepEqual(plan.entries.filter((e) => e.action === 'update').map((e) => e.changed), [['body']]);
    assert.deepEqual(dump(parallel), dump(serial));
    assert.equal((parallel.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n, 1);

    const changes = (parallel.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const again = await applyImportInParallel(parallel, await loadImportSources([content], { pool }), pool, options);
    assert.equal(again.entries.every((e) => e.action === 'unchanged'), true);
    assert.equal((parallel.prepare('SELECT total_changes() AS n').get() as { n: number }).n, changes, 'no row was written');
  });

  it('refuses an archive with a broken file with the same problems, writing nothing', async () => {
    fs.writeFileSync(path.join(content, 'articles', 'zz-broken.md'), '---\ntitle: No slug or date\n---\n\nBody.\n');
    const serialError = await loadImportSources([content]).then((loaded) => applyImport(serial, loaded, options)).catch((e: unknown) => e);
    const before = dump(parallel);
    const parallelError = await loadImportSources([content], { pool })
      .then((loaded) => applyImportInParallel(parallel, loaded, pool, options))
      .catch((e: unknown) => e);
    assert.ok(parallelError instanceof ContentError);
    assert.deepEqual(parallelError.problems, (serialError as ContentError).problems);
    assert.ok(parallelError.problems.some((p) => p.file.endsWith('zz-broken.md')));
    assert.deepEqual(dump(parallel), before);
    assert.equal(parallel.inTransaction, false);
  });

  it('rolls back everything when a worker cannot render a piece, and names its file', async () => {
    fs.rmSync(path.join(content, 'articles', 'zz-broken.md'));
    const loaded = await loadImportSources([content], { pool });
    // Planning does not read publication dates again; rendering does, and this one cannot be read.
    const broken = { ...loaded.articles[0]!, article: { ...loaded.articles[0]!.article, slug: 'never-stored', publishedAt: 'not a date' } };
    const fresh = openDatabase(path.join(dir, 'fresh.db'), migrationsDir);
    try {
      await assert.rejects(
        applyImportInParallel(fresh, { ...loaded, articles: [...loaded.articles.slice(1), broken] }, pool, options),
        (error: Error) => error.message.startsWith(`${broken.file}: could not be rendered`),
      );
      assert.equal(fresh.inTransaction, false);
      assert.equal((fresh.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 0);
      assert.equal((fresh.prepare('SELECT count(*) AS n FROM authors').get() as { n: number }).n, 0);

      // Inside a caller's transaction it refuses before writing, and leaves that transaction alone.
      fresh.exec('BEGIN');
      fresh.exec(`INSERT INTO tags (slug, name) VALUES ('kept', 'Kept')`);
      await assert.rejects(applyImportInParallel(fresh, loaded, pool, options), /no open transaction/);
      assert.equal(fresh.inTransaction, true);
      fresh.exec('COMMIT');
      assert.equal((fresh.prepare(`SELECT count(*) AS n FROM tags WHERE slug = 'kept'`).get() as { n: number }).n, 1);
    } finally {
      fresh.close();
    }
  });
});
