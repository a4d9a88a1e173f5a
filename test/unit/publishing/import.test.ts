import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ContentError, formatProblem } from '../../../src/content/content-error.js';
import { importArticles } from '../../../src/publishing/import.js';
import { openDatabase } from '../../../src/db/open.js';
import { fixtureContent, migrationsDir, tempDir } from '../../helpers/site.js';

function count(db: Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('importArticles', () => {
  const { dir, cleanup } = tempDir();
  let db: Database;
  before(() => {
    db = openDatabase(path.join(dir, 'import.db'), migrationsDir);
  });
  after(() => {
    db.close();
    cleanup();
  });

  it('imports the fixtures, then finds nothing to change on a second run', () => {
    const first = importArticles(db, [fixtureContent]);
    assert.equal(first.created.length, 17);
    assert.equal(first.authors.created, 2);
    const changes = db.prepare('SELECT total_changes() AS n').get() as { n: number };
    const second = importArticles(db, [fixtureContent]);
    assert.deepEqual([second.created.length, second.updated.length, second.unchanged.length], [0, 0, 17]);
    assert.equal((db.prepare('SELECT total_changes() AS n').get() as { n: number }).n, changes.n, 'no row was written');
  });

  it('derives word count, reading time, tag slugs and list positions', () => {
    const row = db.prepare(`SELECT word_count AS words, reading_minutes AS minutes, list_position AS position FROM articles WHERE slug = 'full-piece'`).get() as { words: number; minutes: number; position: number };
    assert.ok(row.words > 40 && row.words < 120, String(row.words));
    assert.equal(row.minutes, 1);
    assert.equal(row.position, 3, 'after the scheduled piece and the newer syndicated one');
    assert.equal((db.prepare(`SELECT list_position AS p FROM articles WHERE slug = 'draft'`).get() as { p: null }).p, null);
    const tags = db.prepare(`SELECT slug FROM tags ORDER BY slug`).all().map((t) => (t as { slug: string }).slug);
    assert.deepEqual(tags, ['city-budgets', 'filler', 'public-transit']);
  });

  it('updates a changed piece and leaves the rest untouched', () => {
    const copy = path.join(dir, 'copy');
    fs.cpSync(fixtureContent, copy, { recursive: true });
    importArticles(db, [copy]);
    const file = path.join(copy, 'articles', '2026-09-01-filler-01.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Filler body 01', 'Revised body 01'));
    const result = importArticles(db, [copy]);
    assert.deepEqual(result.updated, ['filler-01']);
    assert.equal(result.unchanged.length, 16);
    assert.match((db.prepare(`SELECT body_html AS html FROM articles WHERE slug = 'filler-01'`).get() as { html: string }).html, /Revised body 01/);
  });

  it('writes nothing when any file in the run is bad, and reports every problem', () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, '2026-11-01-good.md'), '---\ntitle: Good\ndate: 2026-11-01T10:00:00Z\nauthors: [ada-fixture]\n---\nFine.\n');
    fs.writeFileSync(path.join(bad, '2026-11-02-no-title.md'), '---\ndate: 2026-11-02T10:00:00Z\nauthors: [ada-fixture]\n---\nBody.\n');
    fs.writeFileSync(path.join(bad, '2026-11-03-stranger.md'), '---\ntitle: Who\ndate: 2026-11-03T10:00:00Z\nauthors: [nobody-known]\n---\nBody.\n');
    fs.writeFileSync(path.join(bad, '2026-11-04-empty.md'), '');
    fs.writeFileSync(path.join(bad, '2026-11-05-latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    const before = count(db, 'articles');
    assert.throws(() => importArticles(db, [bad]), (error: Error) => {
      assert.ok(error instanceof ContentError);
      const lines = error.problems.map(formatProblem);
      assert.ok(lines.some((l) => /2026-11-02-no-title\.md: title: is required/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /2026-11-03-stranger\.md: authors: is not in the author registry.*\(got "nobody-known"\)/.test(l)));
      assert.ok(lines.some((l) => /2026-11-04-empty\.md: file: is empty/.test(l)));
      assert.ok(lines.some((l) => /2026-11-05-latin1\.md: file: is not valid UTF-8/.test(l)));
      return true;
    });
    assert.equal(count(db, 'articles'), before);
    assert.equal(db.prepare(`SELECT 1 FROM articles WHERE slug = 'good'`).get(), undefined);
  });

  it('rejects two files with the same slug in one run', () => {
    const dup = path.join(dir, 'dup');
    fs.mkdirSync(dup);
    for (const name of ['2026-11-01-same.md', '2026-11-02-same.md']) {
      fs.writeFileSync(path.join(dup, name), '---\ntitle: Same\ndate: 2026-11-01T10:00:00Z\nauthors: [ada-fixture]\n---\nBody.\n');
    }
    assert.throws(() => importArticles(db, [dup]), /slug: is also used by .*2026-11-01-same\.md in this import \(got "same"\)/);
  });

  it('rejects an alias that is another piece’s slug, rolling back the whole run', () => {
    const clash = path.join(dir, 'clash');
    fs.mkdirSync(clash);
    fs.writeFileSync(path.join(clash, '2026-11-01-new-one.md'), '---\ntitle: New\ndate: 2026-11-01T10:00:00Z\nauthors: [ada-fixture]\naliases: [full-piece]\n---\nBody.\n');
    assert.throws(() => importArticles(db, [clash]), /aliases: is already the slug or an alias of "full-piece"/);
    assert.equal(db.prepare(`SELECT 1 FROM articles WHERE slug = 'new-one'`).get(), undefined);
  });
});
