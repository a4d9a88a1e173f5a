import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { databaseHash, inBatches, runCli, type CliEnv } from '../helpers/cli.js';
import { fixturesDir, tempDir } from '../helpers/site.js';

const fixtures = path.join(fixturesDir, 'cli');
const piece = (frontMatter: string, body = 'A short body.') => `---\n${frontMatter}\n---\n${body}\n`;
const date = 'date: 2026-10-20T10:00:00Z';
const author = 'authors: [mara-quill]';
const everyField = fs.readFileSync(path.join(fixtures, 'markdown/2026-10-14-every-field.md'), 'utf8');

interface BadCase {
  name: string;
  files: Record<string, string | Buffer>;
  /** What stderr must say: the file (and line), the field, what was expected and what was found. */
  expect: RegExp[];
}

// Every kind of bad input issue 3 lists; each must be refused with a clear message and no write at all.
const cases: BadCase[] = [
  { name: 'malformed YAML', files: { '2026-10-20-a.md': '---\ntitle: [unclosed\ndate: 2026-10-20T10:00:00Z\n---\nBody.\n' }, expect: [/a\.md: front matter line \d+: invalid YAML/] },
  { name: 'a missing title', files: { '2026-10-20-a.md': piece(`${date}\n${author}`) }, expect: [/a\.md: title: is required/] },
  { name: 'a missing author', files: { '2026-10-20-a.md': piece(`title: T\n${date}`) }, expect: [/a\.md: authors: at least one author slug from the author registry is required/] },
  { name: 'an unknown author key', files: { '2026-10-20-a.md': piece(`title: T\n${date}\nauthors: [nobody-here]`) }, expect: [/a\.md: authors: is not in the author registry; add them with: npm run cli -- authors add nobody-here .*\(got "nobody-here"\)/] },
  { name: 'an unparseable date', files: { '2026-10-20-a.md': piece(`title: T\ndate: next Tuesday\n${author}`) }, expect: [/a\.md: date: must be a date \(2026-10-14\), a date and time .*\(got "next Tuesday"\)/] },
  // A date without a zone is read in SITE_TIME_ZONE (issue 18); one that does not exist is still refused.
  { name: 'a date that does not exist', files: { '2026-10-20-a.md': piece(`title: T\ndate: 2026-02-30 10:00\n${author}`) }, expect: [/a\.md: date: must be a date \(2026-10-14\).*\(got "2026-02-30 10:00"\)/] },
  { name: 'updated earlier than date', files: { '2026-10-20-a.md': piece(`title: T\n${date}\nupdated: 2026-10-19T10:00:00Z\n${author}`) }, expect: [/a\.md: updated: must not be earlier than date \(got "2026-10-19T10:00:00Z"\)/] },
  {
    name: 'duplicate slugs in one run',
    files: { '2026-10-20-same.md': piece(`title: One\n${date}\n${author}`), '2026-10-21-same.md': piece(`title: Two\n${date}\n${author}`) },
    expect: [/2026-10-21-same\.md: slug: is also used by .*2026-10-20-same\.md in this import \(got "same"\)/],
  },
  { name: 'a slug that is not URL-safe', files: { 'a.md': piece(`title: T\nslug: Not Safe!\n${date}\n${author}`) }, expect: [/a\.md: slug: must be lowercase letters, digits and single hyphens \(got "Not Safe!"\)/] },
  { name: 'a lead image without alt text', files: { '2026-10-20-a.md': piece(`title: T\n${date}\n${author}\nimage:\n  src: /img/x.svg`) }, expect: [/a\.md: image\.alt: is required/] },
  {
    name: 'a body image without alt text',
    files: { '2026-10-20-a.md': piece(`title: T\n${date}\n${author}`, 'First paragraph.\n\n![](https://example.com/x.png)') },
    expect: [/2026-10-20-a\.md:8: body: image needs alt text saying what it shows \(got "!\[\]\(https:\/\/example\.com\/x\.png\)"\)/],
  },
  {
    name: 'a relative source URL',
    files: { '2026-10-20-a.md': piece(`title: T\n${date}\n${author}\nsource:\n  publication: The Ledger\n  url: /opinion/elsewhere`) },
    expect: [/a\.md: source\.url: must be an absolute http\(s\) URL \(got "\/opinion\/elsewhere"\)/],
  },
  {
    name: 'non-UTF-8 bytes',
    files: { '2026-10-20-a.md': Buffer.concat([Buffer.from(piece(`title: Caf`, '')), Buffer.from([0xe9, 0x0a])]) },
    expect: [/a\.md: file: is not valid UTF-8 text; save it as UTF-8/],
  },
  { name: 'an empty file', files: { '2026-10-20-a.md': '' }, expect: [/a\.md: file: is empty/] },
  { name: 'a file over the 2 MB limit', files: { '2026-10-20-a.md': 'a'.repeat(2 * 1024 * 1024 + 1) }, expect: [/a\.md: file: must be at most 2 MB \(got "2097153 bytes"\)/] },
  { name: 'a feed that is not XML', files: { 'feed.xml': 'Breaking: this is not a feed at all.\n' }, expect: [/feed\.xml:1: xml: is not well-formed XML/] },
  {
    name: 'a WordPress export with no items',
    files: { 'export.xml': '<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Empty</title><wp:wxr_version>1.2</wp:wxr_version></channel></rss>\n' },
    expect: [/export\.xml: item: the WordPress export has no items/],
  },
  {
    name: 'a changed correction without --allow-rewrite',
    files: { '2026-10-14-every-field.md': everyField.replace('the wrong route number', 'a wrong route number') },
    expect: [/every-field\.md: corrections\[0\]: changes the correction of 2026-10-15T09:00:00-04:00 .*pass --allow-rewrite.*\(got "An earlier version gave a wrong route number/],
  },
  {
    name: 'one bad file among good ones',
    files: { '2026-10-20-good.md': piece(`title: Fine\n${date}\n${author}`), '2026-10-21-bad.md': piece(`title: Not fine\n${date}\nauthors: [ghost]`) },
    expect: [/bad\.md: authors: is not in the author registry/, /^1 problem found; nothing was imported \(the database is unchanged\)\.$/m],
  },
];

describe('bad input leaves the database byte-identical (issue 3)', () => {
  const { dir, cleanup } = tempDir();
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir: path.join(dir, 'content') };
  let hash: string;
  before(async () => {
    const seeded = await runCli(env, ['import', path.join(fixtures, 'markdown')]);
    assert.equal(seeded.status, 0, seeded.stderr);
    hash = databaseHash(env.databasePath);
  });
  after(cleanup);

  it('refuses each bad input with exit code 1, naming file, field, expectation and value', async () => {
    const runs = await inBatches(cases, 3, async (badCase, ) => {
      const folder = path.join(dir, badCase.name.replace(/[^a-z0-9]+/gi, '-'));
      fs.mkdirSync(folder);
      for (const [name, content] of Object.entries(badCase.files)) fs.writeFileSync(path.join(folder, name), content);
      // Inside a folder only Markdown and authors.yaml count (issue 16): a feed or export is named outright.
      const named = Object.keys(badCase.files).filter((name) => !name.endsWith('.md')).map((name) => path.join(folder, name));
      return { badCase, run: await runCli(env, ['import', folder, ...named]) };
    });
    for (const { badCase, run } of runs) {
      assert.equal(run.status, 1, `${badCase.name}: exit code (stderr: ${run.stderr})`);
      for (const pattern of badCase.expect) assert.match(run.stderr, pattern, badCase.name);
      assert.match(run.stderr, /nothing was imported \(the database is unchanged\)/, badCase.name);
      assert.equal(run.stdout.includes('Imported:'), false, badCase.name);
    }
    assert.equal(databaseHash(env.databasePath), hash);
  });

  it('refuses a dry run of bad input the same way, and a rewrite of history needs --allow-rewrite', async () => {
    const folder = path.join(dir, 'rewrite');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, '2026-10-14-every-field.md'), everyField.replace(/corrections:\n(?: {2}.*\n)+/, ''));
    const dry = await runCli(env, ['import', '--dry-run', folder]);
    assert.equal(dry.status, 1);
    assert.match(dry.stderr, /corrections\[0\]: removes the correction of 2026-10-15T09:00:00-04:00: corrections are append-only/);
    assert.match(dry.stderr, /this import would be refused/);
    assert.equal(databaseHash(env.databasePath), hash);
    const allowed = await runCli(env, ['import', '--allow-rewrite', folder]);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, /update\s+every-field\s+.*changed: corrections/);
  });

  it('exits 2 for usage errors without opening the database', async () => {
    const runs = await inBatches(
      [['import'], ['import', '--date', 'tomorrow', 'x.txt'], ['import', '--display', 'sideways', 'x.xml'], ['import', '--frobnicate', 'x'], ['frobnicate']],
      3,
      (args) => runCli({ ...env, databasePath: path.join(dir, 'never.db') }, args),
    );
    for (const run of runs) {
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /^error: .*\nRun "npm run cli -- (import )?--help" for usage\.\n$/);
    }
    assert.equal(fs.existsSync(path.join(dir, 'never.db')), false);
  });
});
