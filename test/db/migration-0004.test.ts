import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { findSearchEntry } from '../../src/db/search.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

describe('migration 0004 on a database that already holds articles (issue 5)', () => {
  it('indexes the existing rows, and the next import fills in their bodies', () => {
    const { dir, cleanup } = tempDir();
    const db = new BetterSqlite3(path.join(dir, 'test.db'));
    try {
      db.pragma('foreign_keys = ON');
      const all = listMigrations(migrationsDir);
      migrate(db, all.filter((m) => m.version < 4));
      db.exec(`
        INSERT INTO authors (id, slug, name) VALUES (1, 'ada-fixture', 'Ada Fixture');
        INSERT INTO tags (id, slug, name) VALUES (1, 'filler', 'filler');
        INSERT INTO articles (id, slug, type, title, body_markdown, body_html, published_at, published_ts, word_count, reading_minutes, content_hash, source_file)
        VALUES (1, 'filler-01', 'column', 'An old row', 'Old body.', '<p>Old body.</p>', '2026-09-01T07:00:00+01:00', 0, 2, 1, 'old', NULL);
        INSERT INTO article_authors (article_id, author_id, position, draft, published_ts) VALUES (1, 1, 0, 0, 0);
        INSERT INTO article_tags (article_id, tag_id, position, draft, published_ts) VALUES (1, 1, 0, 0, 0);
      `);
      migrate(db, all);
      assert.deepEqual(findSearchEntry(db, 1), { title: 'An old row', dek: '', body: '', authors: 'Ada Fixture', tags: 'filler' });
      // The render version changed with this migration, so every stored piece is rewritten.
      importArticles(db, [fixtureContent]);
      assert.equal(findSearchEntry(db, 1)!.body, 'Filler body 01 says something short but complete.');
    } finally {
      db.close();
      cleanup();
    }
  });
});
