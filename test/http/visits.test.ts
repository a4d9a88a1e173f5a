import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { browserAgent as chrome } from '../helpers/comment-traffic.js';
import { freePort, spawnServer } from '../helpers/processes.js';
import { assertHtmlPage, fixtureContent, startSite, tempDir, type TestSite } from '../helpers/site.js';

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

async function counterLine(site: TestSite, slug: string, init: RequestInit = {}): Promise<string> {
  const response = await site.get(`/opinion/${slug}`, { ...init, headers: { 'user-agent': chrome, ...init.headers } });
  assertHtmlPage(response);
  return /<p class="visit-counter">([^<]*)<\/p>/.exec(await response.text())?.[1] ?? 'no counter';
}

function totalChanges(site: TestSite): number {
  return (site.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('visit counter (issue 4)', () => {
  let site: TestSite;
  before(async () => {
    // Behind a proxy on loopback, so X-Forwarded-For stands for readers at other addresses.
    site = await startSite({ env: { SITE_TIME_ZONE: 'Europe/London', TRUST_PROXY: 'loopback' } });
  });
  after(() => site.close());

  it('counts a human view, and a repeat visitor on the same day as a view but not a new visit', async () => {
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 1 time, 1 visit today');
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 2 times, 1 visit today');
    const elsewhere = { 'user-agent': firefox, 'x-forwarded-for': '198.51.100.23' };
    assert.equal(await counterLine(site, 'full-piece', { headers: elsewhere }), 'Visited 3 times, 2 visits today');
  });

  it('does not count bots, HEAD requests, prefetches or requests without a user agent', async () => {
    await site.get('/opinion/full-piece', { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } });
    await site.get('/opinion/full-piece', { headers: { 'user-agent': 'curl/8.5.0' } });
    await site.get('/opinion/full-piece', { headers: { 'user-agent': '' } });
    const head = await site.get('/opinion/full-piece', { method: 'HEAD', headers: { 'user-agent': chrome } });
    assert.equal(head.status, 200);
    await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome, 'sec-purpose': 'prefetch' } });
    await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome, 'sec-purpose': 'prefetch;prerender' } });
    await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome, purpose: 'prefetch' } });
    await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome, 'x-moz': 'prefetch' } });
    // Reading the counter through a bot's eyes changes nothing either.
    const html = await (await site.get('/opinion/full-piece', { headers: { 'user-agent': 'Googlebot/2.1' } })).text();
    assert.match(html, /<p class="visit-counter">Visited 3 times, 2 visits today<\/p>/);
  });

  it('writes nothing to the database per request, then everything in one flush', async () => {
    const before = totalChanges(site);
    for (let i = 0; i < 20; i += 1) await counterLine(site, 'syndicated-excerpt');
    assert.equal(totalChanges(site), before, 'no write while serving');
    const stored = () => site.db.prepare(`SELECT sum(views) AS views FROM article_visits`).get() as { views: number | null };
    assert.equal(stored().views, null);
    site.visits.flush();
    assert.equal(stored().views, 23);
    assert.equal(await counterLine(site, 'syndicated-excerpt'), 'Visited 21 times, 1 visit today');
  });

  it('starts a new day at midnight in the site time zone, forgetting yesterday\'s visitors and salt', async () => {
    site.visits.flush();
    const saltsBefore = site.db.prepare(`SELECT day FROM visit_salts`).all();
    assert.deepEqual(saltsBefore, [{ day: '2026-11-28' }]);
    // 23:59:30 in London (GMT in November) is still the same day.
    site.clock.now = Date.parse('2026-11-28T23:59:30Z');
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 4 times, 2 visits today');
    site.clock.now = Date.parse('2026-11-29T00:00:30Z');
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 5 times, 1 visit today');
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 6 times, 1 visit today');
    site.visits.flush();
    assert.deepEqual(site.db.prepare(`SELECT DISTINCT day FROM visitor_hashes`).all(), [{ day: '2026-11-29' }]);
    assert.deepEqual(site.db.prepare(`SELECT day FROM visit_salts`).all(), [{ day: '2026-11-29' }]);
    const raw = site.db.prepare(`SELECT hash FROM visitor_hashes`).all() as { hash: Buffer }[];
    assert.ok(raw.every((r) => r.hash.length === 16 && !r.hash.toString('latin1').includes('127.0.0.1')), 'only hashes are stored');
  });

  it('lists the week\'s most read pieces on the home page', async () => {
    for (let i = 0; i < 3; i += 1) await counterLine(site, 'filler-05');
    site.visits.flush();
    const home = await (await site.get('/')).text();
    const section = /<aside class="most-read"[\s\S]*?<\/aside>/.exec(home)?.[0] ?? '';
    assert.match(section, /<h2 class="most-read__title" id="most-read-title">Most read this week<\/h2>/);
    const order = [...section.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(order, ['/opinion/syndicated-excerpt', '/opinion/full-piece', '/opinion/filler-05']);
    assert.match(section, /21 views/);
    // Eight days on, those views are out of the week.
    site.clock.now += 8 * 86_400_000;
    assert.doesNotMatch(await (await site.get('/')).text(), /Most read this week/);
  });
});

/** startServer runs the real entry point, as `npm start` does, and resolves once it is listening. */
async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return (await spawnServer(env)).process;
}

describe('visit counter across a graceful restart (issue 4)', () => {
  it('loses no view when the server is stopped with SIGTERM and started again', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const port = await freePort();
      const env = {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: path.join(dir, 'site.db'),
        CONTENT_DIR: fixtureContent,
        SITE_URL: `http://127.0.0.1:${port}`,
        // Far longer than the test: only the shutdown flush can have stored these views.
        VISIT_FLUSH_SECONDS: '3600',
      };
      const view = async () => {
        const html = await (await fetch(`http://127.0.0.1:${port}/opinion/full-piece`, { headers: { 'user-agent': chrome } })).text();
        return /<p class="visit-counter">([^<]*)<\/p>/.exec(html)?.[1];
      };
      let server = await startServer(env);
      for (let i = 0; i < 7; i += 1) await view();
      server.kill('SIGTERM');
      const [code] = (await once(server, 'exit')) as [number | null];
      assert.equal(code, 0);

      const db = new BetterSqlite3(env.DATABASE_PATH, { readonly: true });
      const stored = db.prepare(`SELECT sum(views) AS views, sum(visitors) AS visitors FROM article_visits`).get();
      db.close();
      assert.deepEqual(stored, { views: 7, visitors: 1 });

      server = await startServer(env);
      try {
        assert.equal(await view(), 'Visited 8 times, 1 visit today', 'the same reader is still recognised after the restart');
      } finally {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
    } finally {
      cleanup();
    }
  });
});

describe('what counts as a view (issue 17)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { TRUST_PROXY: 'loopback' } });
  });
  after(() => site.close());

  it('counts a revalidation answered 304 only from a visitor not yet counted for the piece today', async () => {
    const first = await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome } });
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.match(await first.text(), /Visited 1 time, 1 visit today/);
    const revalidate = async (headers: Record<string, string> = {}) => {
      const again = await site.get('/opinion/full-piece', { headers: { 'user-agent': chrome, 'if-none-match': etag, ...headers } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
    };
    for (let i = 0; i < 5; i += 1) await revalidate();
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 2 times, 1 visit today');
    // A reader whose browser kept the page from another day is today's visitor, once.
    for (let i = 0; i < 3; i += 1) await revalidate({ 'x-forwarded-for': '198.51.100.61' });
    assert.equal(await counterLine(site, 'full-piece'), 'Visited 4 times, 2 visits today');
  });

  it('counts junk query strings and other spellings of the address as no view, tracking parameters as one', async () => {
    const before = await counterLine(site, 'filler-02');
    assert.equal(before, 'Visited 1 time, 1 visit today');
    for (const variant of ['filler-02?x=1', 'filler-02?page=2', 'filler-02?replyto=abc', 'filler-02?comment=published', 'filler%2D02', 'filler-02?x=1&utm_source=a']) {
      const response = await site.get(`/opinion/${variant}`, { headers: { 'user-agent': chrome } });
      assert.equal(response.status, 200, variant);
      assert.match(await response.text(), /Visited 1 time, 1 visit today/, `${variant} shows the count without adding to it`);
    }
    // A link shared with utm_ or fbclid parameters is the article's own address.
    assert.equal(await counterLine(site, 'filler-02?utm_source=newsletter&fbclid=abc'), 'Visited 2 times, 1 visit today');
    assert.equal(await counterLine(site, 'filler-02'), 'Visited 3 times, 1 visit today');
  });

  it('counts one visitor today however often the user agent changes, and one per IPv6 /64', async () => {
    for (let i = 0; i < 6; i += 1) {
      await counterLine(site, 'filler-03', { headers: { 'user-agent': `Mozilla/5.0 (X11; Linux x86_64; rv:${120 + i}.0) Gecko/20100101 Firefox/${120 + i}.0` } });
    }
    assert.equal(await counterLine(site, 'filler-03'), 'Visited 7 times, 1 visit today');
    for (const address of ['2001:db8:17:1::1', '2001:db8:17:1::2', '2001:db8:17:1:aaaa:bbbb:cccc:dddd']) {
      await counterLine(site, 'filler-03', { headers: { 'x-forwarded-for': address } });
    }
    assert.equal(await counterLine(site, 'filler-03', { headers: { 'x-forwarded-for': '2001:db8:17:2::1' } }), 'Visited 11 times, 3 visits today');
  });
});
