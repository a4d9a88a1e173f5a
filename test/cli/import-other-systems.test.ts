import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { databaseHash, runCli, type CliEnv } from '../helpers/cli.js';
import { fixturesDir, tempDir } from '../helpers/site.js';

const sites = path.join(fixturesDir, 'cli/static-sites');
const ghostExport = path.join(fixturesDir, 'cli/ghost/export.json');

describe('importing other systems’ archives (issue 18)', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'cli.db'), contentDir: path.join(dir, 'content') };
  before(async () => {
    fs.mkdirSync(env.contentDir);
    assert.equal((await runCli(env, ['authors', 'add', 'desk', '--name', 'The Desk'])).status, 0);
  });

  it('plans a Ghost export: its posts, the archived one skipped with why, and warnings for what was left out', async () => {
    const { status, stdout, stderr } = await runCli(env, ['import', '--dry-run', '--author', 'desk', ghostExport]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /export\.json \(Ghost export, 4 pieces\)/);
    assert.match(stdout, /skip\s+deleted-thoughts\s+.*Ghost status "archived" is not imported/);
    assert.match(stdout, /internal tags are Ghost's own labels and were not imported: #newsletter/);
    assert.match(stdout, /Dry run: 4 to create, 0 to update, 0 unchanged, 1 skipped/);
  });

  it('imports a Jekyll folder with --from jekyll, and lists the file it skipped', async () => {
    const { status, stdout, stderr } = await runCli(env, ['import', '--from', 'jekyll', '--author', 'desk', path.join(sites, 'jekyll')]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Read 4 Jekyll Markdown files\./);
    assert.match(stdout, /skip\s+readme\s+.*has no front matter, so Jekyll does not publish it as a post/);
    assert.match(stdout, /Imported: 3 created, 0 updated, 0 unchanged, 1 skipped/);
    const db = new BetterSqlite3(env.databasePath, { readonly: true });
    const row = db.prepare(`SELECT published_at AS publishedAt, draft FROM articles WHERE slug = 'the-harbour-wall'`).get();
    db.close();
    assert.deepEqual(row, { publishedAt: '2026-10-04T12:00:00+02:00', draft: 0 });
  });

  it('refuses other JSON and Hugo TOML read as house Markdown, naming the file, and writes nothing', async () => {
    const other = path.join(dir, 'settings.json');
    fs.writeFileSync(other, '{"theme": "casper"}\n');
    const before = databaseHash(env.databasePath);
    const json = await runCli(env, ['import', '--author', 'desk', other]);
    assert.equal(json.status, 1);
    assert.match(json.stderr, /settings\.json: json: is JSON but not a Ghost export/);
    const toml = await runCli(env, ['import', path.join(sites, 'hugo/post/ferry-fares.md')]);
    assert.equal(toml.status, 1);
    assert.match(toml.stderr, /ferry-fares\.md: front matter: is TOML \(\+\+\+\), as Hugo writes it: import the folder with --from hugo/);
    assert.equal(databaseHash(env.databasePath), before);
  });

  it('exits 2 for a generator it does not know', async () => {
    const { status, stderr } = await runCli(env, ['import', '--from', 'gatsby', sites]);
    assert.equal(status, 2);
    assert.match(stderr, /--from must be one of hugo, jekyll, eleventy \(got "gatsby"\)/);
  });
});
