import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { importArticles } from '../../src/publishing/import.js';
import { findArticleBySlug, findTag } from '../../src/db/articles.js';
import { findAuthor } from '../../src/db/authors.js';
import { findRenamedArticle, findSlugForOldSlug } from '../../src/db/old-slugs.js';
import { openDatabase } from '../../src/db/open.js';
import { findAdjacentArticles, listAllCorrections, listMoreByAuthor } from '../../src/db/related.js';
import { searchArticles } from '../../src/db/search.js';
import { parseSearchQuery } from '../../src/search/query.js';
import { listNewsArticles, listSitemapArticles } from '../../src/db/sitemaps.js';
import { listFeedArticles } from '../../src/db/feeds.js';
import { discoveryFixtures } from '../helpers/discovery.js';
import { fixedNow, fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

// Each request-time query must walk an index in order: no full scan of a table, no sort of the whole
// result. The plans are taken from the statements the functions really prepare, by watching the
// connection's prepare() (our modules are called as they are, not replaced).
describe('discovery queries use indexes (issue 5)', () => {
  let db: Database;
  let cleanup: () => void;
  const plans: string[] = [];

  before(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const writer = openDatabase(path.join(temp.dir, 'test.db'), migrationsDir);
    importArticles(writer, [fixtureContent, discoveryFixtures]);
    writer.close();
    // A fresh connection: its statement cache is empty, so every function prepares in front of us.
    db = openDatabase(path.join(temp.dir, 'test.db'), migrationsDir);
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      if (!/^\s*SELECT/i.test(sql)) return statement;
      const explain = (args: unknown[]) =>
        plans.push((prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n'));
      return new Proxy(statement, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (key === 'all' || key === 'get') return (...args: unknown[]) => (explain(args), (value as Function).apply(target, args));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as typeof db.prepare;
  });
  after(() => {
    db.close();
    cleanup();
  });

  /** planOf runs fn and returns the plans of the statements it ran. */
  function planOf(fn: () => unknown): string {
    plans.length = 0;
    fn();
    assert.ok(plans.length > 0, 'the function prepared a statement on this connection');
    return plans.join('\n');
  }

  function assertIndexed(plan: string, index: RegExp, { sorts = false } = {}): void {
    assert.match(plan, index, plan);
    if (!sorts) assert.doesNotMatch(plan, /USE TEMP B-TREE FOR ORDER BY/, plan);
    assert.doesNotMatch(plan, /^SCAN (a|c|x|j|o|articles|corrections)$/m, plan);
  }

  it('reads the site, author and tag feeds from their date indexes', () => {
    assertIndexed(planOf(() => listFeedArticles(db, { kind: 'site' }, 20, fixedNow)), /USING (?:COVERING )?INDEX articles_by_date/);
    const author = findAuthor(db, 'cora-quill')!;
    assertIndexed(planOf(() => listFeedArticles(db, { kind: 'author', authorId: author.id }, 20, fixedNow)), /USING (?:COVERING )?INDEX article_authors_by_author/);
    const tag = findTag(db, 'trams')!;
    assertIndexed(planOf(() => listFeedArticles(db, { kind: 'tag', tagId: tag.id }, 20, fixedNow)), /USING (?:COVERING )?INDEX article_tags_by_tag/);
  });

  it('finds previous, next and more-from-author pieces by index', () => {
    const article = findArticleBySlug(db, 'tram-lines')!;
    assertIndexed(planOf(() => findAdjacentArticles(db, article, fixedNow)), /USING (?:COVERING )?INDEX articles_by_date/);
    assertIndexed(planOf(() => listMoreByAuthor(db, findAuthor(db, 'cora-quill')!.id, article.id, 3, fixedNow)), /USING (?:COVERING )?INDEX article_authors_by_author/);
  });

  it('lists corrections, news and sitemap pages in index order', () => {
    assertIndexed(planOf(() => listAllCorrections(db, 0, 50, fixedNow)), /USING (?:COVERING )?INDEX corrections_by_date/);
    assertIndexed(planOf(() => listNewsArticles(db, fixedNow)), /USING (?:COVERING )?INDEX articles_by_date/);
    assertIndexed(planOf(() => listSitemapArticles(db, 0, 100, fixedNow)), /USING (?:COVERING )?INDEX articles_by_date/);
  });

  it('answers searches from the full-text index and slug lookups from their keys', () => {
    // The MATCH drives, in rowid order (no sort: LIMIT stops the reading), and articles are looked up by key.
    const search = planOf(() => searchArticles(db, parseSearchQuery('tram').groups, 0, 12, fixedNow));
    assertIndexed(search, /^SCAN s VIRTUAL TABLE INDEX \d+:M\d*\nSEARCH a USING INTEGER PRIMARY KEY/m);
    assert.doesNotMatch(search, /articles_by_date/, search);
    assertIndexed(planOf(() => findSlugForOldSlug(db, 'tram-lines', fixedNow)), /USING (?:COVERING )?INDEX sqlite_autoindex_article_old_slugs_1/);
    assertIndexed(planOf(() => findRenamedArticle(db, 'content/articles/x.md', 'x')), /USING (?:COVERING )?INDEX articles_by_source_file/);
  });
});
