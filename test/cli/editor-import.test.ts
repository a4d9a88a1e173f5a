import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { databaseHash, inBatches, runCli, type CliEnv } from '../helpers/cli.js';
import { fixturesDir, tempDir } from '../helpers/site.js';

const fixtures = path.join(fixturesDir, 'cli');
const wireFlags = ['--author', 'tomas-vell', '--date', '2026-10-09T07:00:00+01:00', '--source-url', 'https://example.com/ledger/libraries'];

function query<T>(env: CliEnv, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(env.databasePath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('import (issue 3)', () => {
  const { dir, cleanup } = tempDir();
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir: path.join(dir, 'content') };
  let server: Server;
  let feedUrl: string;
  before(async () => {
    // A partner's feed served on the loopback interface: the CLI fetches it like any http URL.
    server = createServer((req, res) => {
      if (req.url === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(fs.readFileSync(path.join(fixtures, 'feeds/partner-rss.xml')));
      } else {
        res.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    cleanup();
  });

  it('imports Markdown with every field, and a second import writes nothing', async () => {
    const first = await runCli(env, ['import', path.join(fixtures, 'markdown')]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Imported: 1 created, 0 updated, 0 unchanged, 0 skipped \(authors: 2 created, 0 updated\)/);
    assert.equal(first.stderr, '', 'no progress output when standard error is not a terminal');
    const [row] = query<Record<string, unknown>>(env, `SELECT type, source_display, updated_at, comments_open, canonical_url FROM articles WHERE slug = 'every-field'`);
    assert.deepEqual(row, {
      type: 'column',
      source_display: 'full',
      updated_at: '2026-10-15T09:00:00-04:00',
      comments_open: 0,
      canonical_url: 'https://example.com/ledger/night-buses',
    });
    const hash = databaseHash(env.databasePath);
    const second = await runCli(env, ['import', path.join(fixtures, 'markdown')]);
    assert.equal(second.status, 0);
    assert.match(second.stdout, /Imported: 0 created, 0 updated, 1 unchanged, 0 skipped\./);
    assert.equal(databaseHash(env.databasePath), hash, 'an unchanged import leaves the database byte-identical');
  });

  it('plans an update with its changed fields on --dry-run, writes nothing, and reports JSON', async () => {
    const edited = path.join(dir, 'edited');
    fs.mkdirSync(edited);
    const original = fs.readFileSync(path.join(fixtures, 'markdown/2026-10-14-every-field.md'), 'utf8');
    fs.writeFileSync(path.join(edited, '2026-10-14-every-field.md'), original.replace('so fund them like one', 'so pay for them').replace('less than one new car park', 'less than two new car parks'));
    const hash = databaseHash(env.databasePath);
    const report = path.join(dir, 'plan.json');
    const run = await runCli(env, ['import', '--dry-run', '--report', report, edited]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /update\s+every-field\s+edited\/2026-10-14-every-field\.md\s+changed: title, body/);
    assert.match(run.stdout, /Dry run: 0 to create, 1 to update, 0 unchanged, 0 skipped\. Nothing was written\./);
    assert.equal(databaseHash(env.databasePath), hash);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    assert.equal(json.ok, true);
    assert.equal(json.written, false);
    assert.deepEqual(json.entries, [{ action: 'update', slug: 'every-field', file: 'edited/2026-10-14-every-field.md', changed: ['title', 'body'] }]);
  });

  it('imports an RSS feed as syndicated excerpts, converting and sanitising its HTML', async () => {
    const run = await runCli(env, ['import', '--source-section', 'Opinion', path.join(fixtures, 'feeds/partner-rss.xml')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Imported: 2 created/);
    type Row = Record<'slug' | 'title' | 'source_publication' | 'source_section' | 'source_url' | 'source_display' | 'published_at' | 'body_markdown' | 'body_html' | 'excerpt_html', string>;
    const rows = query<Row>(
      env,
      `SELECT slug, title, source_publication, source_section, source_url, source_display, published_at, body_markdown, body_html, excerpt_html
       FROM articles WHERE source_file LIKE '%partner-rss.xml item %' ORDER BY slug`,
    );
    assert.deepEqual(rows.map((r) => r.slug), ['the-case-for-and-against-a-harbour-tax', 'why-the-ferry-should-run-on-sundays']);
    const [tax, ferry] = rows;
    assert.equal(tax!.title, 'The case for & against a harbour tax');
    assert.equal(tax!.published_at, '2026-10-05T18:30:00Z');
    assert.equal(tax!.body_markdown, 'A small charge on moorings could fix the sea wall. **Or** it could drive the fishing fleet to the next town.\n\nThe council has to choose before the winter storms do it for them.');
    assert.equal(ferry!.source_publication, 'The Harbour Ledger');
    assert.equal(ferry!.source_section, 'Opinion');
    assert.equal(ferry!.source_display, 'excerpt');
    assert.equal(ferry!.published_at, '2026-10-06T08:00:00+01:00');
    assert.match(ferry!.body_html, /<h2 id="a-timetable-from-another-century">A timetable from another century<\/h2>/);
    assert.match(ferry!.body_html, /<blockquote>\s*<p>We open on Sundays\./);
    assert.doesNotMatch(ferry!.body_html, /alert|<script/);
    assert.ok(ferry!.excerpt_html, 'an excerpt is stored for excerpt display');
  });

  it('imports an Atom feed, shown in full with --display full', async () => {
    const run = await runCli(env, ['import', '--display', 'full', path.join(fixtures, 'feeds/partner-atom.xml')]);
    assert.equal(run.status, 0, run.stderr);
    const rows = query<Record<string, string>>(env, `SELECT slug, title, source_publication, source_display, body_markdown FROM articles WHERE source_publication = 'The Upland Courier' ORDER BY slug`);
    assert.deepEqual(rows.map((r) => [r.slug, r.title, r.source_display]), [
      ['hill-farms-need-broadband-more-than-grants', 'Hill farms need broadband more than grants', 'full'],
      ['sheep-satellites-and-the-census', 'Sheep, satellites and the census', 'full'],
    ]);
    assert.equal(rows[1]!.body_markdown, 'The upland census still counts sheep by walking the fells.\n\nSatellite images could do it in an afternoon, if anyone trusted them.');
  });

  it('fetches a feed from an http URL, and names the URL when the fetch fails', async () => {
    const run = await runCli(env, ['import', '--dry-run', '--source-section', 'Opinion', `${feedUrl}/feed.xml`]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /unchanged\s+why-the-ferry-should-run-on-sundays\s+http:\/\/127\.0\.0\.1:\d+\/feed\.xml item 1/);
    const missing = await runCli(env, ['import', `${feedUrl}/gone.xml`]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /http:\/\/127\.0\.0\.1:\d+\/gone\.xml: url: answered with an error instead of a feed \(got "HTTP 404 Not Found"\)/);
  });

  it('imports wire copy: kicker from the label, subheadings, excerpt, source line, debris dropped with a warning', async () => {
    const wire = path.join(fixtures, 'wire/library-hours.txt');
    const bare = await runCli(env, ['import', wire]);
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /library-hours\.txt: author: wire copy names no author; pass --author/);
    assert.match(bare.stderr, /library-hours\.txt: date: wire copy carries no date; pass --date/);
    assert.match(bare.stderr, /library-hours\.txt:17: source\.url: .*pass --source-url/);
    assert.match(bare.stderr, /3 problems found; nothing was imported/);

    const run = await runCli(env, ['import', ...wireFlags, wire]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /library-hours\.txt:1: headline: the "Opinion:" label was taken off the headline/);
    assert.match(run.stdout, /dropped 3 line\(s\) of web-page debris: "\(Visited 41 times, 3 visits today\)", "Leave a Reply", "Your email address/);
    type Row = Record<'type' | 'title' | 'source_publication' | 'source_section' | 'source_display' | 'body_markdown' | 'body_html', string>;
    const [row] = query<Row>(env, `SELECT type, title, source_publication, source_section, source_display, body_markdown, body_html FROM articles WHERE slug = 'our-libraries-should-keep-the-lights-on-after-nine'`);
    assert.equal(row!.type, 'op-ed');
    assert.equal(row!.title, 'Our libraries should keep the lights on after nine');
    assert.deepEqual([row!.source_publication, row!.source_section, row!.source_display], ['The Harbour Ledger', 'Opinion', 'excerpt']);
    assert.equal((row!.body_html.match(/<h2 /g) ?? []).length, 2);
    assert.match(row!.body_markdown, /counts as much as the daytime one…$/);
    assert.doesNotMatch(row!.body_markdown, /Visited|Leave a Reply|read more/);
  });

  it('imports a WordPress export: posts and pages, drafts, tags, skipped items and approved comments', async () => {
    const run = await runCli(env, ['import', path.join(fixtures, 'wordpress/export.xml')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /skip\s+bench\s+.*export\.xml item 4\s+WordPress post type "attachment" is not imported/);
    assert.match(run.stdout, /skip\s+thought-better-of__trashed\s+.*export\.xml item 5\s+WordPress status "trash" is not imported/);
    assert.match(run.stdout, /leftover WordPress shortcodes were removed \(their inner text kept\): \[caption\], \[gallery\]/);
    assert.match(run.stdout, /2 approved comments found; 2 imported as approved \(left out: 1 spam, 1 pingback, 1 pending\)\./);
    assert.deepEqual(query(env, `SELECT count(*) AS n FROM comments WHERE status = 'approved'`), [{ n: 2 }]);
    const again = await runCli(env, ['import', path.join(fixtures, 'wordpress/export.xml')]);
    assert.match(again.stdout, /2 approved comments found; all already imported/);
    assert.deepEqual(query(env, `SELECT count(*) AS n FROM comments`), [{ n: 2 }], 'a second import adds no comment');
    assert.match(run.stdout, /Imported: 3 created, 0 updated, 0 unchanged, 2 skipped\./);
    const rows = query<Record<string, unknown>>(
      env,
      `SELECT slug, draft, published_at, section, summary, comments_open,
         (SELECT group_concat(t.slug) FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id) AS tags,
         (SELECT group_concat(au.slug) FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id) AS authors
       FROM articles a WHERE slug IN ('parks-living-room', 'an-unfinished-thought-about-bins', 'about') ORDER BY slug`,
    );
    assert.deepEqual(rows, [
      { slug: 'about', draft: 0, published_at: '2026-01-01T12:00:00Z', section: '', summary: '', comments_open: 1, tags: null, authors: 'mara-quill' },
      { slug: 'an-unfinished-thought-about-bins', draft: 1, published_at: '2026-09-20T08:00:00Z', section: '', summary: '', comments_open: 0, tags: null, authors: 'tomas-vell' },
      { slug: 'parks-living-room', draft: 0, published_at: '2026-09-15T07:00:00Z', section: 'Cities', summary: 'Parks do the work our flats cannot.', comments_open: 1, tags: 'parks,housing', authors: 'mara-quill' },
    ]);
  });

  it('reads standard input with -', async () => {
    const text = '---\ntitle: From a pipe\ndate: 2026-10-20T10:00:00Z\nauthors: [mara-quill]\nslug: from-a-pipe\n---\nPiped in.\n';
    const run = await runCli(env, ['import', '-'], { input: text });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(query(env, `SELECT source_file FROM articles WHERE slug = 'from-a-pipe'`), [{ source_file: '<stdin>' }]);
  });

  it('round-trips: export everything, import the export, and nothing changes', async () => {
    const hash = databaseHash(env.databasePath);
    const exported = await runCli(env, ['export', '--all', 'exported']);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /Exported 10 pieces to exported \(10 written, 0 unchanged\)\./);
    assert.match(exported.stdout, /added mara-quill, tomas-vell to exported\/authors\.yaml/);
    const reimport = await runCli(env, ['import', 'exported']);
    assert.equal(reimport.status, 0, reimport.stderr);
    assert.match(reimport.stdout, /Imported: 0 created, 0 updated, 10 unchanged, 0 skipped\./);
    assert.equal(databaseHash(env.databasePath), hash);
  });
});
