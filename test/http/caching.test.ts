import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { cacheControl } from '../../src/cache-control.js';
import { importArticles } from '../../src/publishing/import.js';
import { insertComment } from '../../src/db/comments.js';
import { openDatabase } from '../../src/db/open.js';
import { browserAgent as browser } from '../helpers/comment-traffic.js';
import { waitFor } from '../helpers/processes.js';
import { assertHtmlPage, fixtureContent, migrationsDir, startSite, tempDir, type TestSite } from '../helpers/site.js';

/** A response as sent: fetch would decode gzip and br itself, hiding the bytes these tests are about. */
interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** rawGet requests path from the site with node:http and returns the undecoded body. */
function rawGet(site: TestSite, pathname: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${site.url}${pathname}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** decoded returns a raw body as text whatever its Content-Encoding. */
function decoded(response: RawResponse): string {
  const coding = response.headers['content-encoding'];
  if (coding === 'br') return zlib.brotliDecompressSync(response.body).toString();
  if (coding === 'gzip') return zlib.gunzipSync(response.body).toString();
  return response.body.toString();
}

const encoded = (encoding: string, extra: Record<string, string> = {}) => ({ headers: { 'accept-encoding': encoding, ...extra } });


/** approveComment stores an approved comment on the article with db, as the moderation CLI's approval would. */
function approveComment(db: TestSite['db'], slug: string, body: string, now: number): void {
  const { id } = db.prepare('SELECT id FROM articles WHERE slug = ?').get(slug) as { id: number };
  insertComment(db, {
    articleId: id,
    parentId: null,
    status: 'approved',
    authorName: 'Cache Tester',
    authorEmail: 'tester@example.com',
    authorUrl: null,
    body,
    bodyHash: body,
    linkCount: 0,
    tokenNonce: `nonce-${body}`,
    createdAt: new Date(now).toISOString(),
    createdTs: now,
  });
}

describe('HTTP caching and compression (issue 6)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it('sends public pages with the page policy, a strong ETag and Vary, then answers the next request from memory', async () => {
    const first = await site.get('/tags/filler', encoded('identity'));
    assertHtmlPage(first);
    assert.equal(first.headers.get('cache-control'), cacheControl.page);
    assert.match(first.headers.get('etag') ?? '', /^"[\w-]{27}"$/);
    assert.equal(first.headers.get('vary'), 'Accept-Encoding');
    assert.equal(first.headers.get('x-page-cache'), 'miss');
    const html = await first.text();
    assert.equal(Number(first.headers.get('content-length')), Buffer.byteLength(html));
    const second = await site.get('/tags/filler', encoded('identity'));
    assertHtmlPage(second);
    assert.equal(second.headers.get('x-page-cache'), 'hit');
    assert.equal(second.headers.get('etag'), first.headers.get('etag'));
    assert.equal(await second.text(), html);
  });

  it('gives article pages, whose counter and form token are filled per request, a weak ETag', async () => {
    await site.get('/opinion/full-piece', encoded('identity'));
    const article = await site.get('/opinion/full-piece', encoded('identity'));
    assert.equal(article.headers.get('x-page-cache'), 'hit');
    assert.match(article.headers.get('etag') ?? '', /^W\/"[\w-]{27}"$/);
    assert.equal(article.headers.get('cache-control'), cacheControl.page);
  });

  it('answers If-None-Match with a bodiless 304 that keeps the validator and the policy', async () => {
    const etag = (await site.get('/authors/ben-sample', encoded('identity'))).headers.get('etag')!;
    const response = await site.get('/authors/ben-sample', encoded('identity', { 'if-none-match': `"other", ${etag}` }));
    assert.equal(response.status, 304);
    assert.equal(response.headers.get('etag'), etag);
    assert.equal(response.headers.get('cache-control'), cacheControl.page);
    assert.equal(await response.text(), '');
    assert.equal((await site.get('/authors/ben-sample', encoded('identity', { 'if-none-match': '"stale"' }))).status, 200);
  });

  it('sends brotli or gzip as asked, each the same page with its own ETag, and 304s per coding', async () => {
    const identity = await rawGet(site, '/tags/filler', { 'accept-encoding': 'identity' });
    const br = await rawGet(site, '/tags/filler', { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await rawGet(site, '/tags/filler', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.ok(br.body.length < identity.body.length / 2);
    assert.equal(Number(br.headers['content-length']), br.body.length);
    const plain = decoded(identity);
    assert.equal(decoded(br), plain);
    assert.equal(decoded(gzip), plain);
    const tags = new Set([identity, br, gzip].map((r) => r.headers.etag));
    assert.equal(tags.size, 3, 'a strong validator differs per coding');
    // A cache holding the br copy may revalidate without Accept-Encoding: the content is what is validated.
    assert.equal((await rawGet(site, '/tags/filler', { 'if-none-match': br.headers.etag! })).status, 304);
    const again = await rawGet(site, '/tags/filler', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
    assert.equal(again.status, 304);
  });

  it('serves a viral link with tracking parameters from the cached page, and never stores other variants', async () => {
    await site.get('/authors/ben-sample');
    const tracked = await site.get('/authors/ben-sample?utm_source=social&fbclid=abc');
    assert.equal(tracked.headers.get('x-page-cache'), 'hit');
    const odd = await site.get('/authors/ben-sample?colour=blue');
    assertHtmlPage(odd);
    assert.equal(odd.headers.get('x-page-cache'), 'pass');
    assert.equal((await site.get('/authors/ben-sample?colour=blue')).headers.get('x-page-cache'), 'pass');
    assert.equal((await site.get('/opinion/full%2Dpiece')).headers.get('x-page-cache'), 'pass');
  });

  it('gives errors, redirects and other methods policies that shared caches will not keep', async () => {
    const missing = await site.get('/opinion/no-such-piece');
    assertHtmlPage(missing, 404);
    assert.equal(missing.headers.get('cache-control'), cacheControl.notFound);
    const bad = await site.get('/?page=zero');
    assertHtmlPage(bad, 400);
    assert.equal(bad.headers.get('cache-control'), cacheControl.error);
    const redirect = await site.get('/opinion/old-full-piece');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('cache-control'), cacheControl.private);
    const post = await site.get('/', { method: 'POST' });
    assert.equal(post.headers.get('cache-control'), cacheControl.private);
  });

  it('serves fingerprinted assets from memory, immutable, compressed and revalidatable', async () => {
    const html = await (await site.get('/')).text();
    const href = /href="(\/css\/site\.[0-9a-f]{10}\.css)"/.exec(html)![1]!;
    const css = await rawGet(site, href, { 'accept-encoding': 'br' });
    assert.equal(css.status, 200);
    assert.equal(css.headers['cache-control'], cacheControl.asset);
    assert.equal(css.headers['content-encoding'], 'br');
    assert.match(css.headers['content-type'] ?? '', /^text\/css/);
    const plain = fs.readFileSync(path.join(site.config.rootDir, 'public/css/site.css'), 'utf8');
    assert.equal(decoded(css), plain);
    assert.equal((await rawGet(site, href, { 'accept-encoding': 'br', 'if-none-match': css.headers.etag! })).status, 304);
  });

  it('sends plain public files with a shared policy that revalidates, never private, no-store (issue 17)', async () => {
    for (const pathname of ['/img/favicon.svg', '/img/rooftops-at-dusk.svg', '/css/site.css']) {
      const file = await site.get(pathname);
      await file.arrayBuffer();
      assert.equal(file.status, 200, pathname);
      assert.equal(file.headers.get('cache-control'), cacheControl.file, pathname);
      // node:http, not fetch: fetch adds Cache-Control: no-cache to a conditional request.
      const again = await rawGet(site, pathname, { 'if-none-match': file.headers.get('etag')! });
      assert.equal(again.status, 304, `${pathname} revalidates with its ETag`);
    }
    assert.match(cacheControl.file, /^public, max-age=\d+/);
  });

  it('answers HEAD from the cache with the headers and no body', async () => {
    await site.get('/tags/public-transit');
    const head = await site.get('/tags/public-transit', { method: 'HEAD', ...encoded('identity') });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('x-page-cache'), 'hit');
    assert.ok(Number(head.headers.get('content-length')) > 1000);
    assert.equal(await head.text(), '');
  });

  it('keeps search results pages, keyed by the query as parsed, in a budget of their own', async () => {
    const first = await site.get('/search?q=transit');
    assertHtmlPage(first);
    assert.equal(first.headers.get('x-page-cache'), 'miss');
    assert.equal(first.headers.get('cache-control'), cacheControl.private, 'kept here, never at the edge');
    assert.equal((await site.get('/search?q=transit&utm_source=x')).headers.get('x-page-cache'), 'hit');
    assert.equal((await site.get('/search?q=transit&sort=odd')).headers.get('x-page-cache'), 'pass');
    assert.equal(site.pages.stats().entries > 0, true);
  });

  it('removes a live marker nobody fills, so the page shows no trace of it', async () => {
    const html = await (await site.get('/opinion/full-piece')).text();
    assert.doesNotMatch(html, /<!--live:/);
  });
});

describe('page cache invalidation (issue 6)', () => {
  const content = tempDir('broadsheet-content-');
  let site: TestSite;
  const fullPiece = path.join(content.dir, 'articles', '2026-10-01-full-piece.md');
  before(async () => {
    fs.cpSync(fixtureContent, content.dir, { recursive: true });
    site = await startSite({ content: [content.dir] });
  });
  after(async () => {
    await site.close();
    content.cleanup();
  });

  it('re-renders every page after an import changes content, in this process at once', async () => {
    await site.get('/opinion/full-piece');
    await site.get('/');
    assert.equal((await site.get('/')).headers.get('x-page-cache'), 'hit');
    fs.writeFileSync(fullPiece, fs.readFileSync(fullPiece, 'utf8').replace('with every field', 'now revised'));
    importArticles(site.db, [content.dir]);
    const article = await site.get('/opinion/full-piece');
    assert.equal(article.headers.get('x-page-cache'), 'miss');
    assert.match(await article.text(), /now revised/);
    const home = await site.get('/');
    assert.equal(home.headers.get('x-page-cache'), 'miss');
    assert.match(await home.text(), /now revised/);
  });

  it('leaves the cache alone when an import changes nothing', async () => {
    await site.get('/');
    importArticles(site.db, [content.dir]);
    assert.equal((await site.get('/')).headers.get('x-page-cache'), 'hit');
  });

  it('drops only the article page when a comment on it is approved', async () => {
    for (const url of ['/opinion/full-piece', '/tags/filler', '/']) await site.get(url);
    approveComment(site.db, 'full-piece', 'Approved while the page was cached.', site.clock.now);
    const article = await site.get('/opinion/full-piece');
    assert.equal(article.headers.get('x-page-cache'), 'miss');
    assert.match(await article.text(), /Approved while the page was cached\./);
    assert.equal((await site.get('/tags/filler')).headers.get('x-page-cache'), 'hit');
    assert.equal((await site.get('/')).headers.get('x-page-cache'), 'hit');
  });

  it('sees a comment approved by another process (the moderation CLI) within a tenth of a second', async () => {
    await site.get('/opinion/full-piece');
    const other = openDatabase(site.config.databasePath, migrationsDir);
    try {
      approveComment(other, 'full-piece', 'Approved from another process.', site.clock.now);
    } finally {
      other.close();
    }
    // Another process's writes are looked for every 100 ms of real time, not on every request: until then the
    // stored page is answered; the first answer after it is rendered afresh.
    const article = await waitFor(async () => {
      const response = await site.get('/opinion/full-piece');
      const text = await response.text();
      return /Approved from another process\./.test(text) && response;
    }, 1_000, 'the page to show the comment approved by another process');
    assert.equal(article.headers.get('x-page-cache'), 'miss');
  });

  it('expires cached listings when a scheduled piece goes public', async () => {
    assert.doesNotMatch(await (await site.get('/')).text(), /\/opinion\/scheduled"/);
    assert.equal((await site.get('/')).headers.get('x-page-cache'), 'hit');
    site.clock.now = Date.parse('2030-01-01T06:00:01Z');
    const home = await site.get('/');
    assert.equal(home.headers.get('x-page-cache'), 'miss');
    assert.match(await home.text(), /\/opinion\/scheduled"/);
  });
});

describe('the page cache bound (issue 6)', () => {
  let site: TestSite;
  // About 31 kB: room for four or five of these pages (2.5 to 7.7 kB each), not all eight.
  before(async () => {
    site = await startSite({ env: { PAGE_CACHE_MB: '0.03' } });
  });
  after(() => site.close());

  it('evicts the least recently used pages to stay within its bytes', async () => {
    const pages = ['/opinion/full-piece', '/', '/tags/filler', '/tags/public-transit', '/authors/ada-fixture', '/authors/ben-sample', '/?page=2', '/tags/filler?page=2'];
    for (const url of pages) await site.get(url, encoded('identity'));
    assert.equal((await site.get(pages.at(-1)!)).headers.get('x-page-cache'), 'hit', 'the newest stays');
    assert.equal((await site.get(pages[0]!)).headers.get('x-page-cache'), 'miss', 'the oldest went');
  });
});

describe('live fragments in cached pages (the issue 4 counter and comment form)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  const counter = (html: string) => Number(/Visited ([\d,]+) times?/.exec(html)?.[1]?.replace(',', ''));
  const token = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];
  const asBrowser = (extra: Record<string, string> = {}) => ({ headers: { 'accept-encoding': 'identity', 'user-agent': browser, ...extra } });

  it('counts and shows every view while the rest of the page, form token included, comes from the cache (issue 15)', async () => {
    const first = await site.get('/opinion/full-piece', asBrowser());
    const second = await site.get('/opinion/full-piece', asBrowser());
    assert.equal(second.headers.get('x-page-cache'), 'hit');
    const [a, b] = [await first.text(), await second.text()];
    assert.equal(counter(b), counter(a) + 1);
    assert.ok(token(a));
    assert.equal(token(a), token(b), 'every reader in the window gets the same token');
    const fixed = (html: string) => html.replace(/Visited [\d,]+ times?, [\d,]+ visits? today/, '');
    assert.equal(fixed(a), fixed(b), 'only the counter differs');
    assert.equal(Number(second.headers.get('content-length')), Buffer.byteLength(b));
    assert.doesNotMatch(b, /<!--live:/);
  });

  it('does not count a bot, even from the cache', async () => {
    const before = counter(await (await site.get('/opinion/full-piece', asBrowser())).text());
    const bot = await site.get('/opinion/full-piece', { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
    assert.equal(bot.headers.get('x-page-cache'), 'hit');
    assert.equal(counter(await bot.text()), before);
  });

  it('splices the fragments into a valid gzip stream without recompressing, and never sends such a page as br', async () => {
    const response = await rawGet(site, '/opinion/full-piece', { 'accept-encoding': 'br, gzip', 'user-agent': browser });
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.match(response.headers.etag ?? '', /^W\/"[\w-]{27}-gz"$/);
    assert.equal(Number(response.headers['content-length']), response.body.length);
    const html = decoded(response);
    assert.match(html, /Visited [\d,]+ times?/);
    assert.match(html, /name="token" value="[\w.-]{40,}"/);
    assert.match(html, /<\/html>\s*$/);
  });

  it('runs the counter for a 304, which adds no view from a visitor already counted today (issue 17)', async () => {
    const first = await site.get('/opinion/full-piece', asBrowser());
    const before = counter(await first.text());
    const response = await site.get('/opinion/full-piece', asBrowser({ 'if-none-match': first.headers.get('etag')! }));
    assert.equal(response.status, 304);
    const after = counter(await (await site.get('/opinion/full-piece', asBrowser())).text());
    assert.equal(after, before + 1);
  });

  it('does not let an article body smuggle in a live marker', async () => {
    const content = tempDir('broadsheet-content-');
    try {
      fs.cpSync(fixtureContent, content.dir, { recursive: true });
      fs.writeFileSync(
        path.join(content.dir, 'articles', '2026-11-01-marker.md'),
        '---\ntitle: Marker\ndate: 2026-11-01T08:00:00Z\nauthors: [ada-fixture]\n---\nText <!--live:visits--> more text.\n',
      );
      importArticles(site.db, [content.dir]);
      const html = await (await site.get('/opinion/marker')).text();
      assert.equal(html.match(/class="visit-counter"/g)?.length, 1);
    } finally {
      content.cleanup();
    }
  });
});
