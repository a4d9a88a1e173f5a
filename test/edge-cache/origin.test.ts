import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { trackChanges } from '../../src/edge-cache/changes.js';
import { createPurger } from '../../src/edge-cache/purge.js';
import { cacheControl } from '../../src/cache-control.js';
import { freePort } from '../helpers/processes.js';
import { runCli } from '../helpers/cli.js';
import { browser, withoutPerViewParts } from '../helpers/edge.js';
import { fixtureContent, migrationsDir, startSite, tempDir, type TestSite } from '../helpers/site.js';
import { openDatabase } from '../../src/db/open.js';

const esiCache = { 'Surrogate-Capability': 'broadsheet=ESI/1.0' };
const plainCache = { 'Surrogate-Capability': 'nginx=""' };
const keysOf = (response: Response) => (response.headers.get('surrogate-key') ?? '').split(' ').sort();
const visitsOf = (html: string) => Number(/Visited ([\d,]+) times?/.exec(html)?.[1]?.replace(/,/g, ''));

describe('what the origin tells an edge cache (issue 9)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { EDGE_INCLUDES: 'on' } });
  });
  after(() => site?.close());

  it('tags each cacheable response with surrogate keys for exactly what it shows', async () => {
    const article = await site.get('/opinion/full-piece');
    assert.equal(article.headers.get('cache-control'), cacheControl.page);
    const articleKeys = keysOf(article);
    for (const key of ['site', 'article-full-piece', 'author-ada-fixture', 'author-ben-sample', 'tag-public-transit', 'tag-city-budgets', 'comments-full-piece']) {
      assert.ok(articleKeys.includes(key), `${key} in ${articleKeys.join(' ')}`);
    }
    const home = keysOf(await site.get('/'));
    assert.ok(home.includes('home') && home.includes('article-full-piece') && home.includes('site'));
    const feed = keysOf(await site.get('/feed.xml'));
    assert.ok(feed.includes('feeds') && feed.includes('article-filler-13'));
    assert.ok(keysOf(await site.get('/authors/ben-sample/feed.atom')).includes('author-ben-sample'));
    assert.ok(keysOf(await site.get('/tags/filler')).includes('tag-filler'));
    assert.ok(keysOf(await site.get('/sitemap.xml')).includes('sitemaps'));
    const search = await site.get('/search?q=bus');
    assert.match(search.headers.get('cache-control') ?? '', /private|no-store/);
  });

  it('sends an ESI cache the article with includes, stored apart from the whole page, and counts nothing for it', async () => {
    const shell = await site.get('/opinion/full-piece', { headers: { ...esiCache, ...browser } });
    assert.equal(shell.headers.get('surrogate-control'), 'content="ESI/1.0"');
    assert.equal(shell.headers.get('cache-control'), cacheControl.page);
    const html = await shell.text();
    assert.match(html, /<esi:include src="\/_edge\/visits\/full-piece"\/>/);
    assert.match(html, /<esi:include src="\/_edge\/comments\/full-piece"\/>/);
    assert.doesNotMatch(html, /Visited|name="token"/);
    assert.ok(!keysOf(shell).includes('comments-full-piece'), 'the comments are not in the page, so their key is not either');

    const whole = await (await site.get('/opinion/full-piece', { headers: browser })).text();
    assert.doesNotMatch(whole, /esi:include/);
    const again = await (await site.get('/opinion/full-piece', { headers: browser })).text();
    assert.equal(visitsOf(again), visitsOf(whole) + 1, 'the shell fetched by the cache was not a view');
  });

  it('serves the fragments: the counter per view and never cached, the comments (form and shared token) cacheable (issue 15)', async () => {
    const before = visitsOf(await (await site.get('/_edge/visits/full-piece', { headers: browser })).text());
    const counter = await site.get('/_edge/visits/full-piece', { headers: browser });
    assert.equal(counter.headers.get('cache-control'), cacheControl.private);
    assert.equal(visitsOf(await counter.text()), before + 1);
    assert.equal(visitsOf(await (await site.get('/_edge/visits/full-piece', { headers: { 'User-Agent': 'Googlebot/2.1' } })).text()), before + 1);
    await site.get('/_edge/visits/full-piece', { method: 'HEAD', headers: browser });
    assert.equal(visitsOf(await (await site.get('/_edge/visits/full-piece', { headers: browser })).text()), before + 2);

    assert.equal((await site.get('/_edge/comment-token/full-piece')).status, 404, 'the per-reader token include is gone');

    const comments = await site.get('/_edge/comments/full-piece', { headers: esiCache });
    assert.equal(comments.headers.get('cache-control'), cacheControl.page);
    assert.equal(comments.headers.get('surrogate-control'), null, 'nothing in it to assemble');
    assert.ok(keysOf(comments).includes('comments-full-piece'));
    const html = await comments.text();
    assert.match(html, /name="token" value="[\w.-]{40,}"/);
    assert.doesNotMatch(html, /esi:include/);

    const missing = await site.get('/_edge/visits/no-such-piece');
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '');
  });

  it('assembles to the same HTML as the whole page', async () => {
    const shell = await (await site.get('/opinion/full-piece', { headers: esiCache })).text();
    let assembled = shell;
    for (const [tag, src] of shell.matchAll(/<esi:include src="([^"]+)"\/>/g)) {
      assembled = assembled.replace(tag, await (await site.get(src!, { headers: esiCache })).text());
    }
    const whole = await (await site.get('/opinion/full-piece')).text();
    assert.equal(withoutPerViewParts(assembled), withoutPerViewParts(whole));
  });

  it('shares a whole page with an open comment form with a cache that will not assemble it (issue 15)', async () => {
    const open = await site.get('/opinion/full-piece', { headers: plainCache });
    assert.equal(open.headers.get('cache-control'), cacheControl.page);
    assert.doesNotMatch(await open.text(), /esi:include/);
    assert.equal((await site.get('/opinion/full-piece')).headers.get('cache-control'), cacheControl.page, 'without a cache in front nothing changes');
    assert.equal((await site.get('/', { headers: plainCache })).headers.get('cache-control'), cacheControl.page);
  });
});

describe('ESI only when EDGE_INCLUDES is on (issue 9)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  it('has no edge routes: they neither answer nor count a view (issue 17)', async () => {
    const before = visitsOf(await (await site.get('/opinion/filler-08', { headers: browser })).text());
    for (const name of ['visits', 'comment-token', 'comments']) {
      for (const headers of [browser, { ...browser, ...esiCache }]) {
        const response = await site.get(`/_edge/${name}/filler-08`, { headers });
        assert.equal(response.status, 404, name);
        assert.doesNotMatch(await response.text(), /Visited|name="token"|class="comments"/, name);
      }
    }
    const after = visitsOf(await (await site.get('/opinion/filler-08', { headers: browser })).text());
    assert.equal(after, before + 1, 'only the second article view counted');
  });

  it('renders whole for an ESI cache when edge includes are off', async () => {
    const response = await site.get('/opinion/full-piece', { headers: esiCache });
    assert.equal(response.headers.get('surrogate-control'), null);
    assert.doesNotMatch(await response.text(), /esi:include/);
    assert.equal(response.headers.get('cache-control'), cacheControl.page, 'its form token is everyone\'s (issue 15)');
  });
});

describe('purging what a change affects (issue 9)', () => {
  it('lists exactly the keys a correction, a draft and a comment touch', () => {
    const { dir, cleanup } = tempDir('broadsheet-purge-keys-');
    try {
      const content = path.join(dir, 'content');
      fs.cpSync(fixtureContent, content, { recursive: true });
      const db = openDatabase(path.join(dir, 'keys.db'), migrationsDir);
      importArticles(db, [content]);
      const file = path.join(content, 'articles', '2026-09-13-filler-13.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Filler thirteen, corrected'));
      const draft = path.join(content, 'articles', '2026-10-03-draft.md');
      fs.writeFileSync(draft, `${fs.readFileSync(draft, 'utf8')}\nMore draft text.\n`);
      let tracker = trackChanges(db);
      importArticles(db, [content]);
      assert.deepEqual(tracker.keys(), ['article-filler-13', 'author-ada-fixture', 'feeds', 'home', 'not-found', 'sitemaps', 'tag-filler']);

      tracker = trackChanges(db);
      assert.deepEqual(tracker.keys(), [], 'nothing written, nothing purged');
      const { id } = db.prepare(`SELECT id FROM articles WHERE slug = 'filler-02'`).get() as { id: number };
      db.prepare(
        `INSERT INTO comments (article_id, status, author_name, author_email, body, body_hash, link_count, token_nonce, created_at, created_ts)
         VALUES (?, 'approved', 'K', 'k@example.com', 'x', 'x', 0, 'n-k', '2026-11-01T00:00:00Z', 0)`,
      ).run(id);
      assert.deepEqual(tracker.keys(), ['comments-filler-02']);
      db.close();
    } finally {
      cleanup();
    }
  });

  it('purges everything when a backup is restored over the database, since its log does not describe the change (issue 16)', async () => {
    const { dir, cleanup } = tempDir('broadsheet-purge-restore-');
    try {
      const db = openDatabase(path.join(dir, 'live.db'), migrationsDir);
      importArticles(db, [fixtureContent]);
      const older = path.join(dir, 'older.db');
      await db.backup(older);
      db.prepare(`UPDATE authors SET bio = 'Newer.' WHERE slug = 'ada-fixture'`).run();
      // Another database at the very same log version: only the row under that version tells them apart.
      const other = path.join(dir, 'other.db');
      await db.backup(other);
      const otherDb = openDatabase(other, migrationsDir);
      otherDb.prepare(`UPDATE change_log SET created_ts = created_ts - 1`).run();
      otherDb.close();
      for (const backup of [older, other]) {
        const tracker = trackChanges(db);
        const source = openDatabase(backup, migrationsDir);
        await source.backup(db.name);
        source.close();
        assert.deepEqual(tracker.keys(), ['site'], path.basename(backup));
      }
      db.close();
    } finally {
      cleanup();
    }
  });

  it('never fails or holds up an editor command when the cache does not answer', async () => {
    // A cache that accepts connections and never answers: the worst case for a waiting command.
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer(() => {});
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { dir, cleanup } = tempDir('broadsheet-purge-down-');
    try {
      const content = path.join(dir, 'content');
      fs.cpSync(fixtureContent, content, { recursive: true });
      const env = { cwd: dir, databasePath: path.join(dir, 'cli.db'), contentDir: content };
      const started = Date.now();
      const run = await runCli(env, ['import', content], {
        extraEnv: { PURGE_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/` },
      });
      const took = Date.now() - started;
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /edge: purge/);
      assert.ok(took < 12_000, `the command took ${took} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      cleanup();
    }
  });

  it('retries a failed purge and logs each outcome', async () => {
    const port = await freePort();
    const lines: string[] = [];
    let attempts = 0;
    const cache: Server = createServer((req, res) => {
      attempts += 1;
      res.statusCode = attempts === 1 ? 503 : 200;
      res.end(req.headers['surrogate-key']);
    });
    await new Promise<void>((resolve) => cache.listen(port, '127.0.0.1', resolve));
    try {
      const purger = createPurger({ purgeUrl: `http://127.0.0.1:${port}/`, log: (_level, line) => lines.push(line), retryDelaysMs: [50] });
      purger.purge(['article-a', 'home', 'bad key|.*']);
      assert.equal(await purger.settled(5000), true);
      assert.equal(attempts, 2);
      assert.match(lines[0]!, /attempt 1 failed \(HTTP 503\)/);
      assert.equal(lines[1], 'edge: purged article-a home site');
    } finally {
      cache.close();
    }
  });
});

