import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { insertComment } from '../../src/db/comments.js';
import { runComments } from '../../src/cli/comments.js';
import {
  articleId,
  browser,
  closedSlug,
  editArticle,
  startEdgeSite,
  varnishSkip,
  visitsIn,
  withoutPerViewParts,
  type EdgeSite,
} from '../helpers/edge.js';
import { assertSecurityHeaders } from '../helpers/security.js';

const unavailable = varnishSkip();

const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const googlebot = { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' };
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];

/** pendingComment stores a comment awaiting moderation and returns its id. */
function pendingComment(edge: EdgeSite, slug: string, body: string): number {
  return insertComment(edge.db, {
    articleId: articleId(edge.db, slug),
    parentId: null,
    status: 'pending',
    authorName: 'Edge Reader',
    authorEmail: 'reader@example.com',
    authorUrl: null,
    body,
    bodyHash: body,
    linkCount: 0,
    tokenNonce: `nonce-${body}`,
    createdAt: new Date().toISOString(),
    createdTs: Date.now(),
  });
}

describe('whole pages through Varnish with the shipped VCL (issue 9)', { skip: unavailable }, () => {
  let edge: EdgeSite;
  before(async () => {
    edge = await startEdgeSite();
  });
  after(() => edge?.close());

  it('answers the second request for an article from the cache', async () => {
    const path = `/opinion/${closedSlug}`;
    const first = await edge.get(path, { headers: browser });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-cache'), 'MISS');
    const html = await first.text();
    const second = await edge.get(path, { headers: browser });
    assert.equal(second.headers.get('x-cache'), 'HIT');
    assert.equal(await second.text(), html);
    assert.equal(edge.originHits(path), 1);
    assert.equal(second.headers.get('surrogate-key'), null, 'cache-internal headers stay in the cache');
    assert.match(second.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });

  it('shares the page with an open comment form: every reader gets the same copy and token (issue 15)', async () => {
    const a = await edge.get('/opinion/full-piece', { headers: browser });
    const b = await edge.get('/opinion/full-piece', { headers: browser });
    assert.equal(b.headers.get('x-cache'), 'HIT');
    assert.match(a.headers.get('cache-control') ?? '', /public/);
    const [tokenA, tokenB] = [tokenOf(await a.text()), tokenOf(await b.text())];
    assert.ok(tokenA);
    assert.equal(tokenA, tokenB);
    assert.equal(edge.originHits('/opinion/full-piece'), 1);
  });

  it('caches listings and feeds, and keeps one copy for share links with tracking parameters', async () => {
    for (const path of ['/', '/tags/filler', '/feed.xml']) {
      await (await edge.get(path)).arrayBuffer();
      assert.equal((await edge.get(path)).headers.get('x-cache'), 'HIT', path);
    }
    const shared = await edge.get('/tags/filler?utm_source=social&fbclid=abc');
    assert.equal(shared.headers.get('x-cache'), 'HIT');
    assert.equal(edge.originHits('/tags/filler'), 1);
  });

  it('sends every POST to the origin and never stores its answer', async () => {
    const path = `/opinion/${closedSlug}`;
    await (await edge.get(path)).arrayBuffer();
    for (let i = 0; i < 2; i += 1) {
      const response = await edge.get(`${path}/comments`, {
        method: 'POST',
        body: 'name=A&email=a%40example.com&comment=B',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://broadsheet.test' },
      });
      assert.equal(response.headers.get('x-cache'), 'PASS');
      assert.doesNotMatch(response.headers.get('cache-control') ?? '', /public/);
      await response.body?.cancel();
    }
    assert.equal(edge.originRequests.filter((r) => r.method === 'POST').length, 2);
    assert.equal((await edge.get(path)).headers.get('x-cache'), 'HIT', 'the POST did not replace the cached page');
  });

  it('lets no cookie or email address through: reader cookies stop at the cache, a stray Set-Cookie is dropped', async () => {
    pendingComment(edge, 'filler-03', 'A comment whose author email must never show');
    edge.db.prepare(`UPDATE comments SET status = 'approved' WHERE body LIKE 'A comment whose%'`).run();
    edge.originExtraHeaders.set('/tags/city-budgets', { 'Set-Cookie': 'session=reader-one-secret; Path=/' });
    const first = await edge.get('/tags/city-budgets', { headers: { Cookie: 'session=reader-one-secret; email=reader@example.com' } });
    const second = await edge.get('/tags/city-budgets', { headers: { Cookie: 'session=reader-two' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('set-cookie'), null);
    assert.equal(second.headers.get('set-cookie'), null);
    assert.equal(second.headers.get('x-cache'), 'HIT', 'readers with different cookies share one copy');
    const seen = edge.originRequests.filter((r) => r.url === '/tags/city-budgets');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.headers.cookie, undefined, 'the origin never sees a reader cookie on a page request');
    for (const path of ['/', '/opinion/filler-03', '/opinion/full-piece', '/authors/ada-fixture', '/tags/city-budgets', '/feed.xml']) {
      const html = await (await edge.get(path)).text();
      assert.doesNotMatch(html, emailPattern, path);
    }
  });

  it('makes an imported correction visible at once on the article, home page and feed, and leaves the rest cached', async () => {
    for (const path of ['/opinion/filler-13', '/', '/feed.xml', '/tags/filler', '/tags/public-transit']) await (await edge.get(path)).arrayBuffer();
    assert.equal((await edge.get('/feed.xml')).headers.get('x-cache'), 'HIT');

    editArticle(edge.contentDir, '2026-09-13-filler-13.md', (text) =>
      text
        .replace(/^title: .*$/m, 'title: Filler thirteen, corrected')
        .replace(/^---\n/, '---\ncorrections:\n  - date: 2026-11-01T09:00:00Z\n    text: An earlier version had the wrong title.\n'),
    );
    const result = await edge.asEditor(() => importArticles(edge.db, [edge.contentDir]));
    assert.deepEqual(result.updated, ['filler-13']);
    assert.match(edge.purgeLog.at(-1) ?? '', /^edge: purged .*article-filler-13/);

    const html = await (await edge.get('/opinion/filler-13')).text();
    assert.match(html, /Filler thirteen, corrected/);
    assert.match(html, /An earlier version had the wrong title\./);
    const home = await edge.get('/');
    assert.equal(home.headers.get('x-cache'), 'MISS');
    assert.match(await home.text(), /Filler thirteen, corrected/);
    assert.match(await (await edge.get('/feed.xml')).text(), /Filler thirteen, corrected/);
    assert.match(await (await edge.get('/tags/filler')).text(), /Filler thirteen, corrected/);
    assert.equal((await edge.get('/tags/public-transit')).headers.get('x-cache'), 'HIT', 'a page that does not show the piece stays cached');
  });

  it('refuses a purge whose keys could smuggle a pattern into a ban', async () => {
    const response = await edge.get('/', { method: 'PURGE', headers: { 'Surrogate-Key': 'home|.*' } });
    assert.equal(response.status, 400);
    await response.body?.cancel();
  });

  it('serves cached pages while the origin is down, and a plain error page for anything not cached', async () => {
    // The origin marks this page 299 s old, as a cache tier would after holding it: with s-maxage=300 it
    // expires a second after Varnish stored it, which is no later than the moment its answer reached us.
    const path = '/authors/ben-sample';
    edge.originExtraHeaders.set(path, { Age: '299' });
    const fresh = await edge.get(path);
    const expiresBy = Date.now() + 1000;
    assert.equal(fresh.headers.get('x-cache'), 'MISS');
    const html = await fresh.text();
    await (await edge.get(`/opinion/${closedSlug}`)).arrayBuffer();
    // Waiting out that second is what is tested (an expired page served while the origin is down); it cannot be
    // polled, since asking Varnish for the page would refresh it from the origin that is still up.
    await sleep(expiresBy + 250 - Date.now());
    await edge.stopOrigin();

    const stale = await edge.get(path);
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.get('x-cache'), 'HIT-STALE');
    assert.equal(await stale.text(), html);
    assert.equal((await edge.get(`/opinion/${closedSlug}`)).status, 200);

    const missing = await edge.get('/authors/ada-fixture?page=9');
    assert.equal(missing.status, 503);
    const body = await missing.text();
    assert.match(body, /<html lang="en">/);
    assert.doesNotMatch(body, /Guru Meditation|127\.0\.0\.1/);
  });
});

describe('edge includes through Varnish (EDGE_INCLUDES=on, issue 9)', { skip: unavailable }, () => {
  let edge: EdgeSite;
  before(async () => {
    edge = await startEdgeSite({ EDGE_INCLUDES: 'on' });
  });
  after(() => edge?.close());

  it('caches the article page and still counts every human view at the origin (VISITS_FROM=origin)', async () => {
    const counts: number[] = [];
    const states: (string | null)[] = [];
    const tokens = new Set<string | undefined>();
    for (let i = 0; i < 4; i += 1) {
      const response = await edge.get('/opinion/full-piece', { headers: browser });
      states.push(response.headers.get('x-cache'));
      const html = await response.text();
      assert.doesNotMatch(html, /esi:include|<!--live:/);
      counts.push(visitsIn(html));
      tokens.add(tokenOf(html));
    }
    assert.deepEqual(states, ['MISS', 'HIT', 'HIT', 'HIT']);
    assert.deepEqual(counts, [counts[0], counts[0]! + 1, counts[0]! + 2, counts[0]! + 3]);
    assert.equal(tokens.size, 1, 'every reader gets the same form (issue 15)');
    assert.equal(edge.originHits('/opinion/full-piece'), 1);
    assert.equal(edge.originHits('/_edge/visits/full-piece'), 4);
    assert.equal(edge.originHits('/_edge/comments/full-piece'), 1, 'the comment list is cached');
  });

  it('does not count a bot or a HEAD request', async () => {
    const before = visitsIn(await (await edge.get('/opinion/full-piece', { headers: browser })).text());
    const bot = visitsIn(await (await edge.get('/opinion/full-piece', { headers: googlebot })).text());
    const head = await edge.get('/opinion/full-piece', { method: 'HEAD', headers: browser });
    assert.equal(head.status, 200);
    const after = visitsIn(await (await edge.get('/opinion/full-piece', { headers: browser })).text());
    assert.equal(bot, before, 'the bot sees the count without adding to it');
    assert.equal(after, before + 1);
  });

  it('assembles the same HTML the origin serves whole', async () => {
    for (const slug of ['full-piece', 'syndicated-excerpt', closedSlug]) {
      const assembled = await (await edge.get(`/opinion/${slug}`, { headers: browser })).text();
      const whole = await (await edge.direct(`/opinion/${slug}`, { headers: browser })).text();
      assert.equal(withoutPerViewParts(assembled), withoutPerViewParts(whole), slug);
    }
  });

  it('shows a comment approved with the CLI on the next request, refetching only the comments', async () => {
    await (await edge.get('/opinion/filler-05', { headers: browser })).text();
    assert.equal((await edge.get('/opinion/filler-05', { headers: browser })).headers.get('x-cache'), 'HIT');
    const id = pendingComment(edge, 'filler-05', 'Approved at the edge, promptly.');
    const lines: string[] = [];
    const code = await edge.asEditor(() => runComments(edge.db, edge.config, ['approve', String(id)], (line) => lines.push(line)));
    assert.equal(code, 0, lines.join('\n'));
    assert.match(edge.purgeLog.at(-1) ?? '', /^edge: purged comments-filler-05$/);

    const page = await edge.get('/opinion/filler-05', { headers: browser });
    assert.equal(page.headers.get('x-cache'), 'HIT', 'the page around the comments stays cached');
    const html = await page.text();
    assert.match(html, /Approved at the edge, promptly\./);
    assert.doesNotMatch(html, emailPattern);
    assert.equal(edge.originHits('/opinion/filler-05'), 1);
    assert.equal(edge.originHits('/_edge/comments/filler-05'), 2);

    const deleted = await edge.asEditor(() => runComments(edge.db, edge.config, ['delete', String(id)], () => {}));
    assert.equal(deleted, 0);
    assert.doesNotMatch(await (await edge.get('/opinion/filler-05', { headers: browser })).text(), /Approved at the edge/);
  });

  it('never stores a POST, nor a form sent back with errors', async () => {
    const response = await edge.get('/opinion/full-piece/comments', {
      method: 'POST',
      body: 'name=A&email=not-an-email&comment=B',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://broadsheet.test', ...browser },
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-cache'), 'PASS');
    const html = await response.text();
    assert.doesNotMatch(html, /esi:include/);
    assert.match(html, /There is a problem/);
    assert.doesNotMatch((await (await edge.get('/opinion/full-piece', { headers: browser })).text()), /There is a problem/);
  });
});

describe('what the shipped VCL lets a client choose (issue 17)', { skip: unavailable }, () => {
  let edge: EdgeSite;
  before(async () => {
    edge = await startEdgeSite();
  });
  after(() => edge?.close());

  it('gives every response its own request id, never one a client chose, even from the cache (issue 17)', async () => {
    const forged = { 'X-Request-Id': 'chosen-by-a-client' };
    const first = await edge.get('/tags/filler', { headers: forged });
    await first.arrayBuffer();
    const second = await edge.get('/tags/filler', { headers: forged });
    await second.arrayBuffer();
    assert.equal(second.headers.get('x-cache'), 'HIT');
    const ids = [first, second].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) {
      assert.ok(id, 'every response carries an id');
      assert.notEqual(id, 'chosen-by-a-client');
    }
    assert.notEqual(ids[0], ids[1], 'a cached page does not carry the id of the request that filled it');
    const seen = edge.originRequests.filter((r) => r.url === '/tags/filler');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.headers['x-request-id'], ids[0], "the origin logs the cache's id for the request");
  });

  it('passes a HEAD to the origin as a HEAD, so a cache miss is not a counted view (issue 17)', async () => {
    const before = visitsIn(await (await edge.direct('/opinion/filler-07', { headers: browser })).text());
    for (let i = 0; i < 3; i += 1) {
      const head = await edge.get('/opinion/filler-07', { method: 'HEAD', headers: browser });
      assert.equal(head.status, 200);
    }
    const after = visitsIn(await (await edge.direct('/opinion/filler-07', { headers: browser })).text());
    assert.equal(after, before + 1, 'only the second direct GET was a view');
    assert.deepEqual(
      edge.originRequests.filter((r) => r.url === '/opinion/filler-07' && r.headers['surrogate-capability']).map((r) => r.method),
      ['HEAD', 'HEAD', 'HEAD'],
    );
    // A HEAD for a cacheable page that is not cached yet leaves nothing behind that a GET could get.
    assert.equal((await edge.get('/tags/city-budgets', { method: 'HEAD' })).status, 200);
    const page = await edge.get('/tags/city-budgets');
    assert.match(await page.text(), /<h1[^>]*>/);
  });

  it("puts the site's security headers on the cache's own answers: purges, refusals and its error page (issue 17)", async () => {
    const refused = await edge.get('/', { method: 'PURGE', headers: { 'Surrogate-Key': 'home|.*' } });
    assert.equal(refused.status, 400);
    assertSecurityHeaders(refused, { hsts: false, label: 'refused purge' });
    assert.doesNotMatch(await refused.text(), /Guru Meditation/);
    const purged = await edge.get('/no-such-page', { method: 'PURGE' });
    assert.equal(purged.status, 200);
    assertSecurityHeaders(purged, { hsts: false, label: 'purge' });
    await purged.arrayBuffer();
    await edge.stopOrigin();
    const down = await edge.get('/authors/ada-fixture?page=7');
    assert.equal(down.status, 503);
    assertSecurityHeaders(down, { hsts: false, label: 'origin down' });
    await down.arrayBuffer();
  });
});
