import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ContentError } from '../../../src/content/content-error.js';
import { importArticles } from '../../../src/publishing/import.js';
import { displayPath } from '../../../src/publishing/input-files.js';
import { applyImport, changedFields, planImport } from '../../../src/publishing/import-plan.js';
import { loadImportSources } from '../../../src/publishing/sources.js';
import { openDatabase } from '../../../src/db/open.js';
import { listRevisions } from '../../../src/db/revisions.js';
import { fixturesDir, migrationsDir, tempDir } from '../../helpers/site.js';

const markdownFixtures = path.join(fixturesDir, 'cli/markdown');

describe('import plans and revisions', () => {
  const { dir, cleanup } = tempDir();
  let db: Database;
  const folder = path.join(dir, 'content');
  const piece = path.join(folder, '2026-10-14-every-field.md');
  const original = fs.readFileSync(path.join(markdownFixtures, '2026-10-14-every-field.md'), 'utf8');
  before(() => {
    db = openDatabase(path.join(dir, 'plan.db'), migrationsDir);
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(markdownFixtures, 'authors.yaml'), path.join(folder, 'authors.yaml'));
    fs.writeFileSync(piece, original);
  });
  after(() => {
    db.close();
    cleanup();
  });

  it('plans a create, then unchanged, without writing anything while planning', async () => {
    const loaded = await loadImportSources([folder]);
    assert.deepEqual(planImport(db, loaded).entries, [{ action: 'create', slug: 'every-field', file: displayPath(piece) }]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 0);
    applyImport(db, loaded);
    assert.equal(planImport(db, loaded).entries[0]!.action, 'unchanged');
  });

  it('keeps the replaced version as a revision with when, why, source file and hash', () => {
    const before = db.prepare(`SELECT content_hash AS hash FROM articles WHERE slug = 'every-field'`).get() as { hash: string };
    fs.writeFileSync(piece, original.replace('## What it would cost', '## What it costs'));
    const result = importArticles(db, [folder], { now: () => Date.parse('2026-11-01T12:00:00Z') });
    assert.deepEqual(result.updated, ['every-field']);
    const [revision] = listRevisions(db, 'every-field');
    assert.equal(revision!.number, 1);
    assert.equal(revision!.replacedAt, '2026-11-01T12:00:00.000Z');
    assert.equal(revision!.reason, 'import');
    assert.equal(revision!.sourceFile, displayPath(piece));
    assert.equal(revision!.contentHash, before.hash);
    assert.match(revision!.articleJson, /What it would cost/);
  });

  it('refuses to change or drop a correction unless rewriting is allowed', () => {
    fs.writeFileSync(piece, original.replace(/corrections:\n(?: {2}.*\n)+/, ''));
    assert.throws(() => importArticles(db, [folder]), (error: unknown) => error instanceof ContentError && /corrections\[0\]: removes the correction/.test(error.message));
    assert.equal(listRevisions(db, 'every-field').length, 1, 'nothing was written');
    assert.deepEqual(importArticles(db, [folder], { allowRewrite: true }).updated, ['every-field']);
  });

  it('shows a new correction as the Updated date', () => {
    fs.writeFileSync(piece, original.replace('corrections:\n', 'corrections:\n  - date: 2026-10-15T09:00:00-04:00\n    text: An earlier version gave the wrong route number for the airport service.\n  - date: 2026-10-20T12:00:00Z\n    text: A later fix.\n').replace(/ {2}- date: 2026-10-15T09:00:00-04:00\n {4}text: An earlier version gave the wrong route number for the airport service.\n(?= {2}- date: 2026-10-15)/, ''));
    importArticles(db, [folder], { allowRewrite: true });
    assert.equal((db.prepare(`SELECT updated_at AS u FROM articles WHERE slug = 'every-field'`).get() as { u: string }).u, '2026-10-20T12:00:00Z');
  });

  it('names changed fields as front matter does', async () => {
    const loaded = await loadImportSources([path.join(markdownFixtures, '2026-10-14-every-field.md')]);
    const a = loaded.articles[0]!.article;
    assert.deepEqual(changedFields(a, { ...a, publishedAt: '2026-10-14T08:00:00-04:00', authorNote: 'x', bodyMarkdown: 'y', commentsOpen: true }), ['date', 'author_note', 'comments', 'body']);
  });
});

describe('authors a source names (issue 18)', () => {
  const { dir, cleanup } = tempDir();
  let db: Database;
  before(() => {
    db = openDatabase(path.join(dir, 'authors.db'), migrationsDir);
  });
  after(() => {
    db.close();
    cleanup();
  });
  const named = (slug: string, name: string) => ({ slug, name, email: `${slug}@example.org`, label: 'export.xml' });

  it('plans one row per new author, lets pieces name them, and writes them with the pieces', () => {
    const loaded = {
      articles: [],
      authors: [{ slug: 'in-yaml', name: 'In Yaml', jobTitle: '', affiliation: '', bio: '', url: null }],
      sourceAuthors: [named('jo-bloggs', 'Jo Bloggs'), named('in-yaml', 'Someone Else')],
    };
    const plan = planImport(db, loaded);
    assert.deepEqual(plan.authors, [
      { slug: 'in-yaml', action: 'create' },
      { slug: 'jo-bloggs', action: 'create', name: 'Jo Bloggs', from: 'export.xml' },
    ]);
    applyImport(db, loaded);
    const rows = db.prepare('SELECT * FROM authors ORDER BY slug').all() as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => [r.slug, r.name]), [['in-yaml', 'In Yaml'], ['jo-bloggs', 'Jo Bloggs']]);
    assert.equal(JSON.stringify(rows).includes('@example.org'), false, 'no email is stored');
    assert.deepEqual(planImport(db, loaded).authors, [], 'an author already stored is not planned again');
  });

  it('adds nobody when the import is refused', () => {
    const loaded = { articles: [], authors: [], sourceAuthors: [named('new-voice', 'New Voice')], problems: [{ file: 'export.xml item 2', field: 'title', message: 'is required' }] };
    assert.throws(() => applyImport(db, loaded), ContentError);
    assert.deepEqual(db.prepare(`SELECT count(*) AS n FROM authors WHERE slug = 'new-voice'`).get(), { n: 0 });
  });
});
