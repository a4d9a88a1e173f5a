import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../helpers/processes.js';
import { findVisitTotals } from '../../src/db/visits.js';
import { dayIn } from '../../src/visits/day.js';
import { createEdgeLogIngest } from '../../src/visits/edge-log-ingest.js';
import { ingestLogFile } from '../../src/visits/edge-log-stream.js';
import { startNginx, type Nginx } from '../../cache-stack/nginx.js';
import { commentPost } from '../helpers/comment-traffic.js';
import { browser, nginxSkip, startEdgeSite, varnishSkip, type EdgeSite } from '../helpers/edge.js';
import { assertSecurityHeaders } from '../helpers/security.js';
import { startSite, type TestSite } from '../helpers/site.js';

const unavailable = nginxSkip();

const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];

const todayOf = (html: string) => Number(/([\d,]+) visits? today/.exec(html)?.[1]?.replace(/,/g, ''));
const timesOf = (html: string) => Number(/Visited ([\d,]+) times?/.exec(html)?.[1]?.replace(/,/g, ''));

// Addresses a client might claim, one per request: every form of X-Forwarded-For a client can send.
const forgedChains = ['203.0.113.7', '198.51.100.1, 203.0.113.8', '10.0.0.9', '127.0.0.5', '::1', 'unknown', '2001:db8::1, 127.0.0.1'];

describe('the shipped nginx config in front of the app (issue 17)', { skip: unavailable }, () => {
  let site: TestSite;
  let nginx: Nginx;
  before(async () => {
    // As deploy/README.md says: nginx on the same host, so the app trusts loopback proxies.
    site = await startSite({ env: { TRUST_PROXY: 'loopback', COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '3' } });
    const port = await freePort();
    nginx = await startNginx({ backendPorts: [Number(new URL(site.url).port)], port, workDir: path.join(site.dir, 'nginx') });
  });
  after(async () => {
    await nginx?.stop();
    await site?.close();
  });

  const get = (pathname: string, init: RequestInit = {}) => fetch(`${nginx.url}${pathname}`, { redirect: 'manual', ...init });

  it('still trips the comment rate limit for one client rotating X-Forwarded-For (issue 17)', async () => {
    const statuses: number[] = [];
    for (const [i, forged] of forgedChains.slice(0, 5).entries()) {
      const page = await get('/opinion/full-piece', { headers: { ...browser, 'X-Forwarded-For': forged } });
      const token = tokenOf(await page.text());
      assert.ok(token, 'the article carries a comment form');
      const post = commentPost(site.config.siteUrl, { token, name: `Rotating ${i}`, comment: `Comment ${i} from one client.` }, { 'X-Forwarded-For': forged });
      const response = await get('/opinion/full-piece/comments', post);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [303, 303, 303, 429, 429]);
  });

  it("counts one client rotating X-Forwarded-For as one visitor today, from nginx's edge log (issues 15, 17)", async () => {
    for (const forged of forgedChains) {
      await (await get('/opinion/syndicated-excerpt', { headers: { ...browser, 'X-Forwarded-For': forged } })).arrayBuffer();
    }
    const id = (site.db.prepare('SELECT id FROM articles WHERE slug = ?').get('syndicated-excerpt') as { id: number }).id;
    // The log's lines carry the real time; the origin counted its one miss on the test clock's day.
    const day = dayIn(site.config.timeZone, Date.now());
    site.visits.flush();
    const before = findVisitTotals(site.db, id, day);
    await ingestLogFile(site.db, createEdgeLogIngest(site.db, site.config), nginx.edgeLog);
    const after = findVisitTotals(site.db, id, day);
    assert.equal(after.views - before.views, forgedChains.length, 'every view is in the log, cache hits included');
    assert.equal(after.visitors - before.visitors, 1, 'but as one visitor: the log names the address that connected');
  });

  it('sends no request id a client chose, and a cached page carries none of another request (issue 17)', async () => {
    const first = await get('/tags/filler', { headers: { 'X-Request-Id': 'chosen-by-a-client' } });
    await first.arrayBuffer();
    const second = await get('/tags/filler', { headers: { 'X-Request-Id': 'chosen-by-a-client' } });
    await second.arrayBuffer();
    assert.equal(second.headers.get('x-cache'), 'HIT');
    const ids = [first, second].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) assert.match(id ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(ids[0], ids[1], 'each response has its own id');
  });

  it('keeps the cache-internal headers from readers (issue 17)', async () => {
    for (const pathname of ['/', '/opinion/full-piece', '/feed.xml']) {
      const response = await get(pathname);
      await response.arrayBuffer();
      assert.equal(response.status, 200, pathname);
      assert.equal(response.headers.get('surrogate-key'), null, pathname);
      assert.equal(response.headers.get('surrogate-control'), null, pathname);
      assertSecurityHeaders(response, { hsts: false, label: pathname });
    }
  });

  it("refuses PURGE and BAN itself, with the site's security headers (issue 17)", async () => {
    for (const method of ['PURGE', 'BAN']) {
      const response = await get('/', { method, headers: { 'Surrogate-Key': 'site' } });
      await response.arrayBuffer();
      assert.equal(response.status, 405, method);
      assertSecurityHeaders(response, { hsts: false, label: method });
    }
  });

  it('passes a HEAD on as a HEAD, so it is not counted as a view (issue 17)', async () => {
    const before = timesOf(await (await site.get('/opinion/filler-07', { headers: browser })).text());
    for (let i = 0; i < 3; i += 1) {
      const head = await get('/opinion/filler-07', { method: 'HEAD', headers: browser });
      assert.equal(head.status, 200);
    }
    const after = timesOf(await (await site.get('/opinion/filler-07', { headers: browser })).text());
    assert.equal(after, before + 1, 'only the second direct GET was a view');
    const cached = await get('/opinion/filler-07', { headers: browser });
    assert.equal(timesOf(await cached.text()), after + 1, 'a GET after the HEADs is counted and gets the whole page');
    // A cacheable page fetched first by a HEAD: the stored HEAD answer is never served to a GET.
    assert.equal((await get('/tags/city-budgets', { method: 'HEAD' })).status, 200);
    assert.equal((await get('/tags/city-budgets', { method: 'HEAD' })).headers.get('x-cache'), 'HIT');
    const page = await get('/tags/city-budgets');
    assert.match(await page.text(), /<h1[^>]*>/);
  });
});

// TLS ends at nginx, which passes to Varnish on the same host, which passes to the app: two loopback hops.
const chainUnavailable = unavailable || varnishSkip();
describe('nginx in front of Varnish in front of the app, as deploy/README.md describes (issue 17)', { skip: chainUnavailable }, () => {
  let edge: EdgeSite;
  let nginx: Nginx;
  before(async () => {
    edge = await startEdgeSite({ COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '2' });
    nginx = await startNginx({ backendPorts: [edge.varnish.port], port: await freePort(), workDir: path.join(edge.contentDir, '..', 'nginx') });
  });
  after(async () => {
    await nginx?.stop();
    await edge?.close();
  });

  const get = (pathname: string, init: RequestInit = {}) => fetch(`${nginx.url}${pathname}`, { redirect: 'manual', ...init });

  it('lets no client choose its address: the rate limit and the visitor count see one client (issue 17)', async () => {
    const statuses: number[] = [];
    const todays: number[] = [];
    for (const [i, forged] of forgedChains.slice(0, 4).entries()) {
      const page = await get('/opinion/full-piece', { headers: { ...browser, 'X-Forwarded-For': forged } });
      const html = await page.text();
      todays.push(todayOf(html));
      const token = tokenOf(html);
      assert.ok(token, 'the article carries a comment form');
      const post = commentPost(edge.config.siteUrl, { token, name: `Chain ${i}`, comment: `Comment ${i} through two proxies.` }, { 'X-Forwarded-For': forged });
      const response = await get('/opinion/full-piece/comments', post);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [303, 303, 429, 429]);
    assert.deepEqual(todays, todays.map(() => todays[0]));
  });

  it('keeps purging out of readers\' reach (issue 17)', async () => {
    await (await get('/tags/filler')).arrayBuffer();
    const purge = await get('/tags/filler', { method: 'PURGE' });
    await purge.arrayBuffer();
    assert.equal(purge.status, 405);
    assert.equal(edge.originHits('/tags/filler'), 1);
  });
});
