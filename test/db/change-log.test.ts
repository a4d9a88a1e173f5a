import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { findChangeVersion, listChangesSince } from '../../src/db/freshness.js';
import { openDatabase } from '../../src/db/open.js';
import { importArticles } from '../../src/publishing/import.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

// Each write runs in a transaction that is rolled back, so every case starts from the imported fixtures.
function logged(db: Database, write: (db: Database) => void): string[] {
  const from = findChangeVersion(db);
  let rows: string[] = [];
  const rollback = new Error('rollback');
  try {
    db.transaction(() => {
      write(db);
      rows = listChangesSince(db, from).map((row) => `${row.kind} ${row.slug}`);
      throw rollback;
    })();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return rows.sort();
}

const idOf = (db: Database, table: string, slug: string) =>
  (db.prepare(`SELECT id FROM ${table} WHERE slug = ?`).get(slug) as { id: number }).id;

function insertComment(db: Database, slug: string, status: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO comments (article_id, status, author_name, author_email, body, body_hash, link_count, token_nonce, created_at, created_ts)
         VALUES (?, ?, 'K', 'k@example.com', 'x', 'x', 0, ?, '2026-11-01T00:00:00Z', 0)`,
      )
      .run(idOf(db, 'articles', slug), status, `n-${Math.random()}`).lastInsertRowid,
  );
}

describe('the change log: what each trigger writes (migration 0008, issue 16)', () => {
  const { dir, cleanup } = tempDir('broadsheet-change-log-');
  let db: Database;
  before(() => {
    db = openDatabase(path.join(dir, 'log.db'), migrationsDir);
    importArticles(db, [fixtureContent]);
  });
  after(() => {
    db?.close();
    cleanup();
  });

  const cases: [string, (db: Database) => void, string[]][] = [
    ["a public piece's content changes", (d) => d.prepare(`UPDATE articles SET content_hash = 'x' WHERE slug = 'filler-13'`).run(), ['article filler-13']],
    ['only list positions move (every import renumbers)', (d) => d.prepare(`UPDATE articles SET list_position = list_position + 1`).run(), []],
    ['a draft stays a draft', (d) => d.prepare(`UPDATE articles SET content_hash = 'x' WHERE slug = 'draft'`).run(), []],
    ['a draft is published', (d) => d.prepare(`UPDATE articles SET draft = 0, content_hash = 'x' WHERE slug = 'draft'`).run(), ['article draft']],
    ['a piece is unpublished', (d) => d.prepare(`UPDATE articles SET draft = 1, content_hash = 'x' WHERE slug = 'filler-13'`).run(), ['article filler-13']],
    ['a scheduled piece is edited', (d) => d.prepare(`UPDATE articles SET content_hash = 'x' WHERE slug = 'scheduled'`).run(), ['article scheduled']],
    ['a piece changes slug: old and new', (d) => d.prepare(`UPDATE articles SET slug = 'renamed', content_hash = 'x' WHERE slug = 'filler-13'`).run(), ['article filler-13', 'article renamed']],
    [
      'a public piece is deleted: it, its byline and its tags',
      (d) => d.prepare(`DELETE FROM articles WHERE slug = 'full-piece'`).run(),
      ['article full-piece', 'author-link ada-fixture', 'author-link ben-sample', 'tag-link city-budgets', 'tag-link public-transit'],
    ],
    ['a draft is deleted', (d) => d.prepare(`DELETE FROM articles WHERE slug = 'draft'`).run(), []],
    [
      'a byline changes: the old author and the new',
      (d) => {
        const article = idOf(d, 'articles', 'filler-13');
        d.prepare(`DELETE FROM article_authors WHERE article_id = ?`).run(article);
        d.prepare(`INSERT INTO article_authors (article_id, author_id, position, draft, published_ts) VALUES (?, ?, 0, 0, 0)`).run(
          article,
          idOf(d, 'authors', 'ben-sample'),
        );
      },
      ['author-link ada-fixture', 'author-link ben-sample'],
    ],
    ['a piece is tagged', (d) => d.prepare(`INSERT INTO article_tags (article_id, tag_id, position, draft, published_ts) VALUES (?, ?, 5, 0, 0)`).run(idOf(d, 'articles', 'filler-13'), idOf(d, 'tags', 'city-budgets')), ['tag-link city-budgets']],
    ['an author is renamed', (d) => d.prepare(`UPDATE authors SET name = 'Ada Renamed' WHERE slug = 'ada-fixture'`).run(), ['author ada-fixture']],
    ['an author is written back unchanged', (d) => d.prepare(`UPDATE authors SET name = name WHERE slug = 'ada-fixture'`).run(), []],
    ['an author is added', (d) => d.prepare(`INSERT INTO authors (slug, name) VALUES ('cy-new', 'Cy New')`).run(), ['author cy-new']],
    ['a tag is renamed', (d) => d.prepare(`UPDATE tags SET name = 'Fillers' WHERE slug = 'filler'`).run(), ['tag filler']],
    ['a tag nothing is filed under is added', (d) => d.prepare(`INSERT INTO tags (slug, name) VALUES ('lonely', 'Lonely')`).run(), []],
    [
      'a correction is appended',
      (d) => d.prepare(`INSERT INTO corrections (article_id, position, corrected_at, corrected_ts, text) VALUES (?, 0, '2026-11-01T00:00:00Z', 0, 'Fixed.')`).run(idOf(d, 'articles', 'filler-13')),
      ['article filler-13'],
    ],
    ['a comment arrives for moderation', (d) => insertComment(d, 'filler-02', 'pending'), []],
    ['a comment is approved', (d) => d.prepare(`UPDATE comments SET status = 'approved' WHERE id = ?`).run(insertComment(d, 'filler-02', 'pending')), ['comments filler-02']],
    ['an approved comment is deleted', (d) => d.prepare(`DELETE FROM comments WHERE id = ?`).run(insertComment(d, 'filler-02', 'approved')), ['comments filler-02', 'comments filler-02']],
  ];

  for (const [name, write, expected] of cases) {
    it(`logs ${JSON.stringify(expected)} when ${name}`, () => {
      assert.deepEqual(logged(db, write), expected);
    });
  }

  it('prunes rows older than a day on the next write, and versions keep rising', () => {
    db.prepare(`UPDATE change_log SET created_ts = created_ts - 2 * 86400000`).run();
    const newest = findChangeVersion(db);
    db.prepare(`UPDATE authors SET bio = 'Pruned.' WHERE slug = 'ada-fixture'`).run();
    const rows = listChangesSince(db, 0);
    assert.deepEqual(rows.map((row) => row.version), [newest + 1]);
    assert.equal(rows[0]!.kind, 'author');
  });
});
