import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { inBatches, runCli, type CliEnv } from '../helpers/cli.js';
import { fixturesDir, tempDir } from '../helpers/site.js';

const fixtures = path.join(fixturesDir, 'cli');

describe('editorial commands (issue 3)', () => {
  const { dir, cleanup } = tempDir();
  const contentDir = path.join(dir, 'content');
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir };
  const everyField = path.join(contentDir, '2026-10-14-every-field.md');
  const draft = path.join(contentDir, '2026-10-16-a-draft.md');
  const cli = (...args: string[]) => runCli(env, args);
  // What the server does at start-up: import CONTENT_DIR. After any command it must change nothing.
  const restartImport = async () => {
    const run = await cli('import', 'content');
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  };

  before(async () => {
    fs.mkdirSync(contentDir);
    fs.copyFileSync(path.join(fixtures, 'markdown/authors.yaml'), path.join(contentDir, 'authors.yaml'));
    fs.copyFileSync(path.join(fixtures, 'markdown/2026-10-14-every-field.md'), everyField);
    fs.writeFileSync(draft, '---\ntitle: A draft about bridges\ndate: 2026-10-16T08:00:00Z\ndraft: true # not ready\nauthors: [tomas-vell]\ntags: [Bridges]\n---\nBridges need paint.\n');
    fs.writeFileSync(
      path.join(contentDir, '2026-10-10-ferries.md'),
      '---\ntitle: Ferries again\ndate: 2026-10-10T08:00:00Z\nauthors: [tomas-vell]\ntags: [Transport]\n---\nMore about ferries.\n',
    );
    const run = await cli('import', 'content');
    assert.equal(run.status, 0, run.stderr);
  });
  after(cleanup);

  it('lists pieces with filters, as a table or JSON', async () => {
    const [all, drafts, byAuthor, byTag, since, json, bad] = await inBatches(
      [['list'], ['list', '--status', 'draft'], ['list', '--author', 'mara-quill'], ['list', '--tag', 'night-economy'], ['list', '--since', '2026-10-12'], ['list', '--json'], ['list', '--status', 'lost']],
      4,
      (args) => cli(...args),
    );
    assert.match(all!.stdout, /^STATUS\s+DATE\s+SLUG\s+AUTHORS\s+TITLE\n/);
    assert.match(all!.stdout, /draft\s+2026-10-16 08:00\s+a-draft\s+tomas-vell\s+A draft about bridges/);
    assert.match(all!.stdout, /3 pieces\.\n$/);
    assert.match(drafts!.stdout, /a-draft/);
    assert.doesNotMatch(drafts!.stdout, /every-field|ferries/);
    assert.match(byAuthor!.stdout, /every-field/);
    assert.doesNotMatch(byAuthor!.stdout, /ferries|a-draft/);
    assert.match(byTag!.stdout, /every-field/);
    assert.match(byTag!.stdout, /1 piece\./);
    assert.doesNotMatch(since!.stdout, /ferries/);
    const rows = JSON.parse(json!.stdout) as { slug: string; status: string; authors: string[]; tags: string[] }[];
    assert.deepEqual(rows.map((r) => [r.slug, r.status]), [['a-draft', 'draft'], ['every-field', 'published'], ['ferries', 'published']]);
    assert.deepEqual(rows[1]!.tags, ['public-transit', 'night-economy', 'city-budgets']);
    assert.equal(bad!.status, 2);
  });

  it('shows a piece with its metadata and revision count', async () => {
    const run = await cli('show', 'every-field');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Title: +Night buses are a public good – so fund them like one$/m);
    assert.match(run.stdout, /^Type: +column \(kicker: Column\)$/m);
    assert.match(run.stdout, /^Authors: +mara-quill, tomas-vell$/m);
    assert.match(run.stdout, /^Source: +The Harbour Ledger – Opinion, https:\/\/example\.com\/ledger\/night-buses \(shown full\)$/m);
    assert.match(run.stdout, /^Corrections: +1$/m);
    assert.match(run.stdout, /^Source file: +content\/2026-10-14-every-field\.md$/m);
    assert.match(run.stdout, /^Revisions: +0$/m);
    assert.match(run.stdout, /^Visits: +0 in all, 0 distinct visitors today$/m);
    assert.match(run.stdout, /^Comments: +0 approved, 0 pending, 0 spam, 0 rejected$/m);
    const missing = await cli('show', 'no-such-piece');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no piece has the slug "no-such-piece"/);
  });

  it('publishes and unpublishes, rewriting only the front matter so a restart keeps the change', async () => {
    const published = await cli('publish', 'a-draft');
    assert.equal(published.status, 0, published.stderr);
    assert.match(published.stdout, /a-draft is published on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|\+00:00)\./);
    assert.match(published.stdout, /Updated the front matter of content\/2026-10-16-a-draft\.md\./);
    const text = fs.readFileSync(draft, 'utf8');
    assert.doesNotMatch(text, /draft:/);
    assert.match(text, /^tags: \[Bridges\]$/m, 'the rest of the front matter keeps its layout');
    assert.match(text, /\n---\nBridges need paint\.\n$/);
    assert.match(await restartImport(), /0 created, 0 updated, 3 unchanged/);

    const scheduled = await cli('publish', 'a-draft', '--at', '2031-01-01T09:00:00+01:00');
    assert.match(scheduled.stdout, /a-draft is scheduled for 2031-01-01T09:00:00\+01:00\./);
    assert.match((await cli('list', '--status', 'scheduled')).stdout, /scheduled\s+2031-01-01 09:00\s+a-draft/);

    const unpublished = await cli('unpublish', 'every-field');
    assert.equal(unpublished.status, 0, unpublished.stderr);
    assert.match(fs.readFileSync(everyField, 'utf8'), /^draft: true$/m);
    assert.match(await restartImport(), /0 created, 0 updated, 3 unchanged/);
    assert.match((await cli('unpublish', 'every-field')).stdout, /every-field is already a draft; nothing changed\./);
    assert.equal((await cli('publish', 'every-field', '--at', '2026-10-14T07:30:00-04:00')).status, 0);

    const revisions = await cli('revisions', 'every-field');
    assert.match(revisions.stdout, /^1 +\S+ \S+Z +unpublish +content\/2026-10-14-every-field\.md +[0-9a-f]{12} +Night buses/m);
    assert.match(revisions.stdout, /^2 +\S+ \S+Z +publish /m);
    assert.equal((await cli('publish', 'a-draft', '--at', 'soon')).status, 2);
  });

  it('undoes a bad update with restore, rewriting the file so a restart keeps it', async () => {
    const before = fs.readFileSync(everyField, 'utf8');
    fs.writeFileSync(everyField, before.replace('Night buses are a public good', 'NIGHT BUSES ARE A SCAM'));
    const bad = await restartImport();
    assert.match(bad, /update\s+every-field\s+content\/2026-10-14-every-field\.md\s+changed: title/);
    const listed = await cli('revisions', 'every-field', '--json');
    const revisions = JSON.parse(listed.stdout) as { number: number; reason: string; title: string }[];
    const good = revisions.at(-1)!;
    assert.equal(good.reason, 'import');
    assert.match(good.title, /^Night buses are a public good/);

    const restored = await cli('restore', 'every-field', String(good.number));
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, /every-field is back to revision \d+ \(Night buses are a public good – so fund them like one\)/);
    assert.match(restored.stdout, /Rewrote content\/2026-10-14-every-field\.md to match\./);
    assert.match(fs.readFileSync(everyField, 'utf8'), /^title: Night buses are a public good -- so fund them like one$/m);
    assert.match(await restartImport(), /0 created, 0 updated, 3 unchanged/);
    assert.match((await cli('show', 'every-field')).stdout, /^Revisions: +4$/m);
    assert.equal((await cli('restore', 'every-field', '99')).status, 1);
    assert.equal((await cli('restore', 'every-field')).status, 2);
  });

  it('deletes only when confirmed, removes the file, keeps revisions, and restore brings it back', async () => {
    const declined = await runCli(env, ['delete', 'ferries'], { input: 'n\n' });
    assert.equal(declined.status, 1);
    assert.match(declined.stderr, /Delete "Ferries again" \(ferries, published\) and its file content\/2026-10-10-ferries\.md\? .*\[y\/N\] Nothing deleted\./);
    const silent = await cli('delete', 'ferries');
    assert.equal(silent.status, 1);
    assert.match(silent.stderr, /No answer \(standard input ended\); nothing deleted\. Pass --yes/);
    assert.ok(fs.existsSync(path.join(contentDir, '2026-10-10-ferries.md')));

    const confirmed = await runCli(env, ['delete', 'ferries'], { input: 'y\n' });
    assert.equal(confirmed.status, 0, confirmed.stderr);
    assert.match(confirmed.stdout, /ferries was deleted and content\/2026-10-10-ferries\.md removed; it is kept as revision 1 \(npm run cli -- restore ferries 1\)\./);
    assert.equal(fs.existsSync(path.join(contentDir, '2026-10-10-ferries.md')), false);
    assert.match(await restartImport(), /0 created, 0 updated, 2 unchanged/);
    const shown = await cli('show', 'ferries');
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /ferries was deleted; 1 revision\(s\) are kept/);

    const restored = await cli('restore', 'ferries', '1');
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(fs.readFileSync(path.join(contentDir, '2026-10-10-ferries.md'), 'utf8'), /^title: Ferries again$/m);
    assert.match(await restartImport(), /0 created, 0 updated, 3 unchanged/);
    assert.equal((await cli('delete', 'a-draft', '--yes')).status, 0);
  });

  it('adds and edits registry authors in content/authors.yaml and the database together', async () => {
    const added = await cli('authors', 'add', 'ines-marr', '--name', 'Ines Marr', '--job-title', 'Reader editor', '--url', 'https://example.com/ines');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Added ines-marr \(Ines Marr\) in content\/authors\.yaml\./);
    const edited = await cli('authors', 'edit', 'tomas-vell', '--affiliation', 'The Harbour Ledger');
    assert.equal(edited.status, 0, edited.stderr);
    const registry = fs.readFileSync(path.join(contentDir, 'authors.yaml'), 'utf8');
    assert.match(registry, /^# The registry for the CLI fixtures/, 'comments are kept');
    assert.match(registry, /- slug: ines-marr\n {2}name: Ines Marr\n {2}job_title: Reader editor\n {2}url: https:\/\/example\.com\/ines\n/);
    assert.match(registry, /name: Tomas Vell\n {2}job_title: Contributing writer\n(?: {2}.*\n)*? {2}affiliation: The Harbour Ledger/);
    const listed = await cli('authors', 'list');
    assert.match(listed.stdout, /ines-marr\s+Ines Marr\s+Reader editor/);
    assert.match(listed.stdout, /tomas-vell\s+Tomas Vell\s+Contributing writer\s+The Harbour Ledger/);
    assert.doesNotMatch(await restartImport(), /authors:/, 'a restart finds the registry and the database in step');
    const [again, unknown, noName] = await inBatches(
      [['authors', 'add', 'ines-marr', '--name', 'Ines'], ['authors', 'edit', 'nobody'], ['authors', 'add', 'x-y']],
      3,
      (args) => cli(...args),
    );
    assert.equal(again!.status, 1);
    assert.match(again!.stderr, /ines-marr is already in the registry/);
    assert.equal(unknown!.status, 1);
    assert.equal(noName!.status, 2);
  });

  it('exports one piece, migrates a database and answers --help for every command', async () => {
    const feed = await cli('import', path.join(fixtures, 'feeds/partner-atom.xml'));
    assert.equal(feed.status, 0, feed.stderr);
    const adopted = await cli('export', 'hill-farms-need-broadband-more-than-grants', 'content');
    assert.match(adopted.stdout, /written +content\/2026-10-07-hill-farms-need-broadband-more-than-grants\.md/);
    assert.match((await cli('show', 'hill-farms-need-broadband-more-than-grants')).stdout, /^Source file: +content\/2026-10-07-hill-farms/m);
    assert.equal((await cli('unpublish', 'hill-farms-need-broadband-more-than-grants')).status, 0);
    assert.match(fs.readFileSync(path.join(contentDir, '2026-10-07-hill-farms-need-broadband-more-than-grants.md'), 'utf8'), /^draft: true$/m);
    assert.match(await restartImport(), /0 created, 0 updated, 3 unchanged/);

    const exported = await cli('export', 'every-field', 'out');
    assert.equal(exported.status, 0, exported.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'out/2026-10-14-every-field.md')));
    assert.equal((await cli('export', 'nothing-here', 'out')).status, 1);

    const fresh = { ...env, databasePath: path.join(dir, 'fresh.db') };
    const migrated = await runCli(fresh, ['migrate']);
    assert.match(migrated.stdout, /applied 0001-create-articles\.sql\napplied 0002-create-revisions\.sql\n/);
    assert.match((await runCli(fresh, ['migrate'])).stdout, /Database is up to date\./);
    const db = new BetterSqlite3(fresh.databasePath, { readonly: true });
    assert.ok((db.pragma('user_version', { simple: true }) as number) >= 2);
    db.close();

    const commands = ['import', 'list', 'show', 'publish', 'unpublish', 'delete', 'revisions', 'restore', 'authors', 'export', 'migrate'];
    const helps = await inBatches(commands, 4, (command) => cli(command, '--help'));
    helps.forEach((run, index) => {
      assert.equal(run.status, 0, commands[index]);
      assert.match(run.stdout, new RegExp(`Usage: npm run cli -- ${commands[index]}`));
    });
  });
});
