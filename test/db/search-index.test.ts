import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ContentError } from '../../src/content/content-error.js';
import { importArticles } from '../../src/publishing/import.js';
import { findArticleBySlug } from '../../src/db/articles.js';
import { openDatabase } from '../../src/db/open.js';
import { findSearchEntry, searchArticles } from '../../src/db/search.js';
import { parseSearchQuery } from '../../src/search/query.js';
import { discoveryFixtures } from '../helpers/discovery.js';
import { fixedNow, fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

describe('search index kept in step with the articles (issue 5)', () => {
  let db: Database;
  let dir: string;
  let cleanup: () => void;
  let content: string[];

  before(() => {
    ({ dir, cleanup } = tempDir());
    // A temporary copy of the fixtures, so the tests can edit, rename and break files.
    fs.cpSync(fixtureContent, path.join(dir, 'content'), { recursive: true });
    fs.cpSync(discoveryFixtures, path.join(dir, 'discovery'), { recursive: true });
    content = [path.join(dir, 'content'), path.join(dir, 'discovery')];
    db = openDatabase(path.join(dir, 'test.db'), migrationsDir);
    importArticles(db, content);
  });
  after(() => {
    db.close();
    cleanup();
  });

  const tramFile = () => path.join(dir, 'discovery', 'articles', '2026-11-20-tram-lines.md');
  const edit = (file: string, from: string | RegExp, to: string) => {
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${file} contains ${from}`);
    fs.writeFileSync(file, text.replace(from, to));
  };
  const find = (query: string) => {
    const page = searchArticles(db, parseSearchQuery(query).groups, 0, 50, fixedNow);
    assert.ok(page, `FTS5 accepts ${query}`);
    return page.hits.map((h) => h.slug).sort();
  };

  /** Every index row must equal what the tables say, and there must be one row per article. */
  function assertIndexMatchesTables(): void {
    const mismatches = db
      .prepare(
        `SELECT a.slug FROM articles a LEFT JOIN article_search s ON s.rowid = a.id
         WHERE s.rowid IS NULL OR s.title IS NOT a.title OR s.dek IS NOT a.dek OR s.body IS NOT a.search_body
            OR s.authors IS NOT coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id), '')
            OR s.tags IS NOT coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '')`,
      )
      .all();
    assert.deepEqual(mismatches, []);
    const counts = db.prepare(`SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_search) AS indexed`).get();
    assert.deepEqual(counts, { articles: 23, indexed: 23 });
    db.prepare(`INSERT INTO article_search (article_search) VALUES ('integrity-check')`).run();
  }

  it('indexes every article on import, with plain body text and decoded entities', () => {
    assertIndexMatchesTables();
    const tram = findArticleBySlug(db, 'tram-lines')!;
    const entry = findSearchEntry(db, tram.id)!;
    assert.equal(entry.title, 'Why the tram lines matter');
    assert.equal(entry.authors, 'Cora Quill');
    assert.deepEqual(entry.tags.split(' ').sort(), ['Public', 'Trams', 'Transit']);
    assert.match(entry.body, /^Every city argues about rails sooner or later\. The numbers are not the hard part\. Halfway/);
    assert.doesNotMatch(entry.body, /[<>]|&amp;|&lt;/);
    const excerpt = findSearchEntry(db, findArticleBySlug(db, 'syndicated-excerpt')!.id)!;
    assert.doesNotMatch(excerpt.body, /SECRET-ENDING/, 'only what readers can see of an excerpt is indexed');
  });

  it('follows an edited article on re-import', () => {
    edit(tramFile(), 'municipal pigeon census', 'regional heron survey');
    edit(tramFile(), 'title: Why the tram lines matter', 'title: Why the light-rail lines matter');
    assert.deepEqual(importArticles(db, content).updated, ['tram-lines']);
    assert.deepEqual(find('pigeon'), []);
    assert.deepEqual(find('"regional heron survey"'), ['tram-lines']);
    assert.deepEqual(find('light-rail'), ['tram-lines']);
    assertIndexMatchesTables();
  });

  it('follows changed bylines, tags and author names', () => {
    edit(tramFile(), 'authors: [cora-quill]', 'authors: [cora-quill, ben-sample]');
    edit(tramFile(), 'tags: [Public Transit, Trams]', 'tags: [Trams, Waterfowl]');
    importArticles(db, content);
    assert.deepEqual(find('waterfowl'), ['tram-lines']);
    assert.ok(find('Sample').includes('tram-lines'));
    assert.ok(!find('"public transit"').includes('tram-lines'));

    edit(path.join(dir, 'discovery', 'authors.yaml'), 'name: Cora Quill', 'name: Cora Penn');
    importArticles(db, content);
    assert.deepEqual(find('Quill'), []);
    assert.deepEqual(find('Penn'), ['budget-story', 'fresh-piece', 'tram-lines']);
    assertIndexMatchesTables();
  });

  it('rolls the index back with the rest of a failed import', () => {
    edit(tramFile(), 'The conclusion is simple', 'The kestrel conclusion is simple');
    const bad = path.join(dir, 'discovery', 'articles', '2026-11-23-conflict.md');
    fs.writeFileSync(bad, '---\ntitle: Conflicting alias\ndate: 2026-11-23T09:00:00Z\nauthors: [ben-sample]\naliases: [full-piece]\n---\nBody.\n');
    try {
      assert.throws(() => importArticles(db, content), ContentError);
    } finally {
      fs.rmSync(bad);
    }
    assert.deepEqual(find('kestrel'), [], 'the edited body was written and rolled back');
    assertIndexMatchesTables();
    importArticles(db, content);
    assert.deepEqual(find('kestrel'), ['tram-lines']);
  });

  it('drops a deleted article from the index in the same transaction', () => {
    const id = findArticleBySlug(db, 'budget-story')!.id;
    db.transaction(() => {
      db.prepare(`DELETE FROM articles WHERE id = ?`).run(id);
      assert.equal(findSearchEntry(db, id), undefined, 'gone before the transaction commits');
    })();
    assert.deepEqual(find('annex'), []);
    const left = db.prepare(`SELECT count(*) AS n FROM article_search`).get() as { n: number };
    assert.equal(left.n, 22);
    db.prepare(`INSERT INTO article_search (article_search) VALUES ('integrity-check')`).run();
  });
});
