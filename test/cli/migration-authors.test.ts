import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { databaseHash, runCli, type CliEnv } from '../helpers/cli.js';
import { fixturesDir, tempDir } from '../helpers/site.js';

const fixtures = path.join(fixturesDir, 'cli');
const migration = path.join(fixtures, 'wordpress/migration.xml');

const registry = `# The desk's own registry, kept by hand.
- slug: desk-editor
  name: Rhona Vale
  job_title: Letters editor
  affiliation: Harbour Street Notes
  bio: Reads every letter twice.
  url: https://example.org/rhona
`;

function query<T>(env: CliEnv, sql: string): T[] {
  const db = new BetterSqlite3(env.databasePath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** freshSite is a new database and a content folder holding only the registry (when given). */
function freshSite(root: string, name: string, authorsYaml?: string): CliEnv {
  const cwd = path.join(root, name);
  const contentDir = path.join(cwd, 'content');
  fs.mkdirSync(contentDir, { recursive: true });
  if (authorsYaml !== undefined) fs.writeFileSync(path.join(contentDir, 'authors.yaml'), authorsYaml);
  return { cwd, databasePath: path.join(cwd, 'site.db'), contentDir };
}

describe('authors from the source, and the site registry on a fresh database (issue 18)', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it('accepts --author for an author in CONTENT_DIR/authors.yaml on a fresh database, and stores them', async () => {
    const env = freshSite(dir, 'wire', registry);
    const flags = ['--author', 'desk-editor', '--date', '2026-10-09T07:00:00+01:00', '--source-url', 'https://example.com/ledger/libraries'];
    const run = await runCli(env, ['import', ...flags, path.join(fixtures, 'wire/library-hours.txt')]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(query(env, `SELECT slug, name, job_title FROM authors`), [{ slug: 'desk-editor', name: 'Rhona Vale', job_title: 'Letters editor' }]);
  });

  it('authors add refuses a slug authors.yaml already has, and edit keeps the fields it was not given', async () => {
    const env = freshSite(dir, 'registry', registry);
    const file = path.join(env.contentDir, 'authors.yaml');
    const add = await runCli(env, ['authors', 'add', 'desk-editor', '--name', 'Rhona Vale']);
    assert.equal(add.status, 1);
    assert.match(add.stderr, /desk-editor is already in the registry \(Rhona Vale\); use: .*authors edit desk-editor/);
    assert.equal(fs.readFileSync(file, 'utf8'), registry);
    const edit = await runCli(env, ['authors', 'edit', 'desk-editor', '--name', 'Rhona Vale-Price']);
    assert.equal(edit.status, 0, edit.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), registry.replace('name: Rhona Vale', 'name: Rhona Vale-Price'));
  });

  it('plans, then adds, the authors a WordPress export names, in the same transaction as the pieces, without their emails', async () => {
    const env = freshSite(dir, 'wordpress');
    const dry = await runCli(env, ['import', '--dry-run', '--report', 'plan.json', migration]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /add author ines-fenwick \(Ines Fenwick\) from .*migration\.xml/);
    assert.match(dry.stdout, /add author obi-karo \(Obi Karo\) from .*migration\.xml/);
    assert.match(dry.stdout, /Dry run: 3 to create, .*\(authors: 2 created, 0 updated\)/);
    const report = JSON.parse(fs.readFileSync(path.join(env.cwd, 'plan.json'), 'utf8')) as { authors: unknown[] };
    assert.deepEqual(report.authors, [
      { slug: 'ines-fenwick', action: 'create', name: 'Ines Fenwick', from: migration },
      { slug: 'obi-karo', action: 'create', name: 'Obi Karo', from: migration },
    ]);
    assert.doesNotMatch(fs.readFileSync(path.join(env.cwd, 'plan.json'), 'utf8'), /example\.org"|@example\.org/);

    // A refused import creates no author either.
    const bad = path.join(env.cwd, 'bad.md');
    fs.writeFileSync(bad, '---\ntitle: Bad\ndate: 2026-02-30\nauthors: [ines-fenwick]\n---\nBody.\n');
    const refused = await runCli(env, ['import', migration, bad]);
    assert.equal(refused.status, 1);
    assert.deepEqual(query(env, `SELECT count(*) AS n FROM authors`), [{ n: 0 }]);
    const hash = databaseHash(env.databasePath);

    const run = await runCli(env, ['import', migration]);
    assert.equal(run.status, 0, run.stderr);
    assert.notEqual(databaseHash(env.databasePath), hash);
    assert.deepEqual(query(env, `SELECT slug, name FROM authors ORDER BY slug`), [
      { slug: 'ines-fenwick', name: 'Ines Fenwick' },
      { slug: 'obi-karo', name: 'Obi Karo' },
    ]);
    assert.deepEqual(query(env, `SELECT slug, draft, published_at FROM articles ORDER BY slug`), [
      { slug: 'ferry-timetable', draft: 0, published_at: '2026-08-03T06:15:00Z' },
      { slug: 'ferry-timetable-page', draft: 0, published_at: '2026-06-01T11:00:00Z' },
      { slug: 'notes-on-the-harbour-wall', draft: 1, published_at: '2026-07-01T09:30:00Z' },
    ]);
    assert.equal(fs.readFileSync(env.databasePath).includes('ines.private@example.org'), false, 'an author email is never stored');
    const again = await runCli(env, ['import', migration]);
    assert.match(again.stdout, /Imported: 0 created, 0 updated, 3 unchanged, 0 skipped\./);
  });

  it('reads a date without a zone in SITE_TIME_ZONE', async () => {
    const env = freshSite(dir, 'dates', registry);
    const piece = path.join(env.contentDir, '2026-10-04-harbour-lights.md');
    fs.writeFileSync(piece, '---\ntitle: Harbour lights\ndate: 2026-10-04 12:00:00 +0200\nupdated: 2026-10-05\nauthors: [desk-editor]\n---\nBody.\n');
    const run = await runCli(env, ['import', env.contentDir], { extraEnv: { SITE_TIME_ZONE: 'Europe/Lisbon' } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(query(env, `SELECT published_at, updated_at FROM articles`), [{ published_at: '2026-10-04T12:00:00+02:00', updated_at: '2026-10-05T00:00:00+01:00' }]);
  });
});
