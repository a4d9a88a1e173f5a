import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { findAuthor } from '../../src/db/authors.js';
import { findPublishedArticle, findTag, listArticlesByAuthor, listArticlesByTag, listPublishedArticles } from '../../src/db/articles.js';
import { findChangeVersion, findNextPublicationTs, listChangesSince } from '../../src/db/freshness.js';
import { openDatabase } from '../../src/db/open.js';
import { fixedNow, fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

/**
 * sqlOf runs fn and returns the SQL it sent to SQLite, by watching this connection's prepare (a
 * better-sqlite3 method, not ours), so the plans checked are those of the real queries.
 */
function sqlOf(db: Database, fn: () => void): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as Database['prepare'];
  try {
    fn();
  } finally {
    db.prepare = prepare as Database['prepare'];
  }
  return seen;
}

/** planOf returns EXPLAIN QUERY PLAN's lines for sql, with every parameter bound to 1. */
function planOf(db: Database, sql: string): string[] {
  const params = sql.match(/\?/g)?.length ?? 0;
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(params).fill(1)) as { detail: string }[]).map((row) => row.detail);
}

describe('query plans of the listings (issue 6)', () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'plans.db');
  before(() => {
    const setup = openDatabase(file, migrationsDir);
    importArticles(setup, [fixtureContent]);
    setup.close();
  });
  after(cleanup);
  // A fresh connection per check: statements are prepared once per connection, so a used one prepares nothing.
  const withFresh = (fn: (db: Database) => void) => {
    const db = openDatabase(file, migrationsDir);
    try {
      fn(db);
    } finally {
      db.close();
    }
  };

  const cases: [string, RegExp, (db: Database) => void][] = [
    ['the home page', /SEARCH a USING INDEX articles_by_position \(list_position>\? AND list_position<\?\)/, (d) => listPublishedArticles(d, 1000, 12, fixedNow)],
    ['the number of home pages', /SEARCH articles USING COVERING INDEX articles_by_position/, (d) => listPublishedArticles(d, 1, 12, fixedNow)],
    ["an author's page", /SEARCH x USING COVERING INDEX article_authors_by_author/, (d) => listArticlesByAuthor(d, findAuthor(d, 'ada-fixture')!.id, 3, 12, fixedNow)],
    ["a tag's page", /SEARCH x USING COVERING INDEX article_tags_by_tag/, (d) => listArticlesByTag(d, findTag(d, 'filler')!.id, 2, 12, fixedNow)],
    ['an article', /SEARCH a USING INDEX sqlite_autoindex_articles_1 \(slug=\?\)/, (d) => findPublishedArticle(d, 'full-piece', fixedNow)],
    ['the page cache checks', /SEARCH change_log/, (d) => {
      findChangeVersion(d);
      listChangesSince(d, 0);
      findNextPublicationTs(d, fixedNow);
    }],
  ];

  for (const [name, expected, run] of cases) {
    it(`reads ${name} through an index, never a table scan or a sort of the listing`, () => {
      withFresh((fresh) => {
        const plans = sqlOf(fresh, () => run(fresh)).map((sql) => planOf(fresh, sql));
        const lines = plans.flat();
        assert.ok(lines.some((line) => expected.test(line)), lines.join('\n'));
        for (const line of lines) {
          assert.doesNotMatch(line, /^SCAN /, `full scan in:\n${lines.join('\n')}`);
          // A bare "SEARCH t" is how SQLite shows max() both when it reads the end of a b-tree and when it
          // scans a table it has no usable index for (max(list_position) without IS NOT NULL did, issue 6).
          // Only the log's max(version), the end of its rowid b-tree, may show it.
          if (/^SEARCH \w+$/.test(line)) assert.equal(line, 'SEARCH change_log', `unindexed max() in:\n${lines.join('\n')}`);
          // The one temporary b-tree allowed orders a single piece's byline (one to three names) inside
          // json_group_array; a sort of the listing itself would read every matching row before the first.
          if (/TEMP B-TREE/.test(line)) assert.equal(line, 'USE TEMP B-TREE FOR json_group_array(ORDER BY)');
        }
      });
    });
  }

  it('finds page 1,000 of the home page by a range on list_position, with no OFFSET to walk', () => {
    withFresh((db) => {
      const sql = sqlOf(db, () => listPublishedArticles(db, 1000, 12, fixedNow)).join('\n');
      assert.match(sql, /list_position > \? AND a\.list_position <= \?/);
      assert.doesNotMatch(sql, /OFFSET/);
    });
  });
});
