import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/db/open.js';
import { importArticles } from '../../../src/publishing/import.js';
import { findPiecePreview, readFilePreview } from '../../../src/preview/source.js';
import { fixedNow, fixtureContent, migrationsDir, tempDir } from '../../helpers/site.js';

describe('what a preview shows (issue 20)', () => {
  const { dir, cleanup } = tempDir('broadsheet-preview-source-');
  const articles = path.join(dir, 'content', 'articles');
  let db: Database;
  const edit = (name: string, change: (text: string) => string) => {
    const file = path.join(articles, name);
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, change(original));
    return () => fs.writeFileSync(file, original);
  };

  before(() => {
    fs.cpSync(fixtureContent, path.join(dir, 'content'), { recursive: true });
    db = openDatabase(path.join(dir, 'site.db'), migrationsDir);
    importArticles(db, [path.join(dir, 'content')]);
  });
  after(() => {
    db?.close();
    cleanup();
  });

  it('names the state of each kind of piece', () => {
    assert.equal(findPiecePreview(db, 'draft', fixedNow)?.state, 'draft');
    assert.equal(findPiecePreview(db, 'scheduled', fixedNow)?.state, 'scheduled');
    assert.equal(findPiecePreview(db, 'full-piece', fixedNow)?.state, 'published');
    assert.equal(findPiecePreview(db, 'no-such-piece', fixedNow), undefined);
  });

  it('shows an edit to a published piece, and a draft whose file now says it runs, from the file', () => {
    const restoreFull = edit('2026-10-01-full-piece.md', (text) => text.replace(/^dek: .*$/m, 'dek: A sharper standfirst.'));
    const restoreDraft = edit('2026-10-03-draft.md', (text) => text.replace('draft: true\n', ''));
    try {
      const full = findPiecePreview(db, 'full-piece', fixedNow)!;
      assert.equal(full.state, 'edit');
      assert.equal(full.record.dek, 'A sharper standfirst.');
      assert.equal(full.authors.map((a) => a.name).join(', '), 'Ada Fixture, Ben Sample');
      assert.equal(findPiecePreview(db, 'draft', fixedNow)?.state, 'unimported');
    } finally {
      restoreFull();
      restoreDraft();
    }
  });

  it('falls back to the stored version while the file is invalid or gone', () => {
    const restore = edit('2026-10-03-draft.md', (text) => text.replace(/^title: .*\n/m, ''));
    try {
      const piece = findPiecePreview(db, 'draft', fixedNow)!;
      assert.equal(piece.record.title, 'A draft nobody should see');
      assert.equal(piece.file, undefined);
      assert.deepEqual(piece.fileProblems.map((p) => p.field), ['title']);
    } finally {
      restore();
    }
  });

  it('checks a new file as an import would, with the database, and writes nothing', () => {
    const file = path.join(dir, 'new.md');
    const before = db.prepare('SELECT count(*) AS n FROM articles').get();
    fs.writeFileSync(file, '---\ntitle: New\ndate: 2026-12-01T08:00:00Z\nauthors: [ada-fixture]\naliases: [full-piece]\n---\nText.\n');
    const refused = readFilePreview(db, file, fixedNow);
    assert.equal(refused.piece, undefined);
    assert.match(refused.problems.map((p) => `${p.field}: ${p.message}`).join('\n'), /aliases: is already the slug or an alias of "full-piece"/);
    fs.writeFileSync(file, '---\ntitle: New\ndate: 2026-12-01T08:00:00Z\nauthors: [ada-fixture]\n---\nText.\n');
    const shown = readFilePreview(db, file, fixedNow);
    assert.equal(shown.piece?.state, 'scheduled');
    assert.equal(shown.piece?.record.bodyHtml, '<p>Text.</p>\n');
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM articles').get(), before);
  });
});
