import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { pageKey } from '../../src/page-key.js';
import { browserAgent } from '../helpers/comment-traffic.js';
import { captureLogs } from '../helpers/logs.js';
import { startSite, type TestSite } from '../helpers/site.js';

// The hit lane (src/http/hit-lane.ts) is the only place a stored page is answered; the Express chain renders
// every request afresh. These tests hold the lane's answer to a fresh render of the same page: both must give
// the same response, bar what says which of them answered (X-Page-Cache: hit, or miss).

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(base: string, pathname: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${pathname}`, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

function text(sent: Sent): string {
  const coding = sent.headers['content-encoding'];
  const raw = coding === 'br' ? zlib.brotliDecompressSync(sent.body) : coding === 'gzip' ? zlib.gunzipSync(sent.body) : sent.body;
  return raw.toString();
}

// What may differ between two answers of one stored page: the per-request id, the date, and on an article
// the live fragments (a fresh form token, a counter one view further on) with the length they give.
const perRequest = new Set(['date', 'x-request-id', 'content-length', 'x-page-cache']);
const comparable = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !perRequest.has(name)).sort(([a], [b]) => a.localeCompare(b)));
const masked = (html: string) =>
  html.replace(/name="token" value="[^"]*"/g, 'name="token" value="…"').replace(/Visited [0-9,]+ times?, [0-9,]+ visits? today/g, 'Visited …');

// A stored page answers every spelling of its URL (tracking parameters dropped); the fresh render it is held
// to is the page's own URL's.
const rendered = (pathname: string) => (pathname.startsWith('/css/') ? pathname : pageKey(pathname));

describe('the hit lane answers stored pages exactly as a fresh render by the Express chain (issues 6, 16)', () => {
  let site: TestSite;
  let paths: string[];
  before(async () => {
    site = await startSite({ expressServer: true });
    const home = await (await site.get('/')).text();
    const css = /href="(\/css\/site\.[0-9a-f]{10}\.css)"/.exec(home)![1]!;
    paths = [
      '/',
      '/opinion/full-piece',
      '/opinion/syndicated-excerpt',
      '/opinion/full-piece?utm_source=newsletter',
      '/tags/filler',
      '/authors/ben-sample',
      '/feed.xml',
      '/feed.atom',
      '/feed.json',
      '/search?q=transit',
      css,
    ];
  });
  after(() => site.close());

  const variants: [string, Record<string, string>][] = [
    ['a browser asking for br and gzip', { 'accept-encoding': 'gzip, deflate, br', 'user-agent': browserAgent }],
    ['gzip only', { 'accept-encoding': 'gzip', 'user-agent': browserAgent }],
    ['no compression', { 'user-agent': browserAgent }],
  ];
  for (const [name, headers] of variants) {
    it(`gives the same status, headers and body for every stored page type, ${name}`, async () => {
      for (const pathname of paths) {
        // The first request renders and stores; the next is a hit, answered by the lane; then a fresh render.
        await send(site.url, pathname, { headers });
        const lane = await send(site.url, pathname, { headers });
        const express = await send(site.expressUrl!, rendered(pathname), { headers });
        assert.equal(lane.status, 200, pathname);
        if (!pathname.startsWith('/css/')) assert.deepEqual([lane.headers['x-page-cache'], express.headers['x-page-cache']], ['hit', 'miss'], pathname);
        assert.deepEqual(comparable(lane.headers), comparable(express.headers), pathname);
        assert.equal(masked(text(lane)), masked(text(express)), pathname);
        assert.match(String(lane.headers['x-request-id']), /^[0-9a-f-]{36}$/, pathname);
        assert.ok(lane.headers['content-security-policy'], `${pathname} carries the security headers`);
      }
    });
  }

  it('answers HEAD and a revalidation (304) alike', async () => {
    for (const pathname of paths) {
      const headers = { 'accept-encoding': 'gzip, br', 'user-agent': browserAgent };
      const first = await send(site.url, pathname, { headers });
      const head = [await send(site.url, pathname, { method: 'HEAD', headers }), await send(site.expressUrl!, rendered(pathname), { method: 'HEAD', headers })];
      assert.deepEqual(comparable(head[0]!.headers), comparable(head[1]!.headers), `HEAD ${pathname}`);
      assert.equal(head[0]!.body.length, 0);
      const revalidate = { ...headers, 'if-none-match': String(first.headers.etag) };
      const fresh = [await send(site.url, pathname, { headers: revalidate }), await send(site.expressUrl!, rendered(pathname), { headers: revalidate })];
      assert.equal(fresh[0]!.status, 304, pathname);
      assert.deepEqual(comparable(fresh[0]!.headers), comparable(fresh[1]!.headers), `304 ${pathname}`);
    }
  });

  it('answers hits without entering Express, and hands everything else to it', async () => {
    const express = site.app.express as unknown as { handle: (...args: unknown[]) => void };
    const handle = express.handle;
    let entered = 0;
    express.handle = function (this: unknown, ...args: unknown[]) {
      entered += 1;
      return handle.apply(this, args);
    };
    try {
      for (const pathname of paths) await send(site.url, pathname);
      const before = entered;
      for (const pathname of paths) await send(site.url, pathname, { headers: { 'accept-encoding': 'gzip', 'user-agent': browserAgent } });
      assert.equal(entered, before, 'stored pages and assets are answered by the lane');
      await send(site.url, '/opinion/no-such-piece');
      await send(site.url, '/', { method: 'POST' });
      assert.equal(entered, before + 2, 'a miss and a post go to Express');
    } finally {
      express.handle = handle;
    }
  });

  it('counts a view served by the lane as the Express chain counts it', async () => {
    const article = '/opinion/full-piece';
    const headers = { 'user-agent': browserAgent };
    await send(site.url, article, { headers });
    const counter = (html: string) => Number(/Visited ([0-9,]+) time/.exec(html)![1]!.replace(/,/g, ''));
    const before = counter(text(await send(site.url, article, { headers })));
    const afterExpress = counter(text(await send(site.expressUrl!, article, { headers })));
    const afterLane = counter(text(await send(site.url, article, { headers })));
    assert.deepEqual([afterExpress - before, afterLane - afterExpress], [1, 1]);
  });

  it('leaves misses, posts and refused requests to Express: the same errors and pages either way', async () => {
    const cases: [string, { method?: string; headers?: Record<string, string> }, number][] = [
      ['/opinion/no-such-piece', {}, 404],
      [`/opinion/full-piece?${'x'.repeat(2100)}`, {}, 414],
      ['/', { headers: { host: 'bad host!' } }, 400],
      ['/', { method: 'DELETE' }, 405],
      ['/opinion/full-piece/comments', { method: 'POST', headers: { 'content-type': 'text/plain' } }, 415],
    ];
    await send(site.url, '/');
    for (const [pathname, options, status] of cases) {
      const lane = await send(site.url, pathname, options);
      const express = await send(site.expressUrl!, pathname, options);
      assert.equal(lane.status, status, pathname.slice(0, 40));
      assert.deepEqual(comparable(lane.headers), comparable(express.headers), pathname.slice(0, 40));
    }
  });
});

describe('a failure in the hit lane is logged, never swallowed (issue 16)', () => {
  it('logs the failure and leaves the request to the Express chain, which answers it', async () => {
    const logs = captureLogs('warn');
    const site = await startSite({ logger: logs.logger });
    try {
      assert.equal((await site.get('/')).status, 200);
      // A database gone from under the process fails the lane's cache lookup, and then Express's render.
      site.db.close();
      const response = await site.get('/');
      await response.text();
      assert.ok(response.status >= 500, `answered ${response.status}`);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      const failure = logs.entries().find((line) => line.msg === 'hit lane failed; the Express chain answers afresh');
      assert.ok(failure, 'the lane logged its failure');
      assert.equal(failure.url, '/');
    } finally {
      await site.close();
    }
  });
});
