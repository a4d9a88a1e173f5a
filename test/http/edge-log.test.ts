import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { findVisitTotals } from '../../src/db/visits.js';
import { browserAgent, logLine, mixedLog } from '../helpers/edge-log.js';
import { startSite, type TestSite } from '../helpers/site.js';

const token = 'e'.repeat(40);
const day = '2026-11-28';
const viewsOf = (site: TestSite, slug: string) => {
  const { id } = site.db.prepare('SELECT id FROM articles WHERE slug = ?').get(slug) as { id: number };
  site.visits.flush();
  return findVisitTotals(site.db, id, day);
};
const push = (site: TestSite, body: string | Buffer, headers: Record<string, string> = {}) =>
  site.get('/_edge/log', {
    method: 'POST',
    // fetch takes bytes as a Blob part in Node 20's types.
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}`, ...headers },
  });

describe('POST /_edge/log: views pushed by a CDN (issue 15)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { VISITS_FROM: 'edge-log', EDGE_LOG_TOKEN: token } });
  });
  after(() => site?.close());

  it('counts exactly the human views of a batch, by the origin\'s rules, and reports the rest', async () => {
    const { lines, bad } = mixedLog({ slug: 'filler-01', humans: 120, readers: 30, prefix: 'a' });
    const response = await push(site, `${lines.join('\n')}\n`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    const answer = (await response.json()) as { lines: number; views: number; bad: number; ignored: number };
    assert.deepEqual([answer.lines, answer.views, answer.bad], [lines.length, 120, bad]);
    assert.deepEqual(viewsOf(site, 'filler-01'), { views: 120, visitors: 30 });
  });

  it('takes a gzipped batch, and counts a batch with an Idempotency-Key once however often it is sent', async () => {
    const body = gzipSync(`${[logLine({ url: '/opinion/filler-02' }), logLine({ url: '/opinion/filler-02', client: '192.0.2.9' })].join('\n')}\n`);
    for (let i = 0; i < 3; i += 1) {
      const response = await push(site, body, { 'content-encoding': 'gzip', 'idempotency-key': 'logpush-2026-11-28-0001' });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), i === 0 ? { lines: 2, views: 2, ignored: 0, bad: 0, problems: [], duplicates: 0 } : { duplicate: true });
    }
    assert.deepEqual(viewsOf(site, 'filler-02'), { views: 2, visitors: 2 });
  });

  it('skips a line whose request id was counted before, when the batch has no key', async () => {
    const line = logLine({ url: '/opinion/filler-03', id: 'cf-ray-1' });
    await push(site, line);
    const again = (await (await push(site, `${line}\n${logLine({ url: '/opinion/filler-03', id: 'cf-ray-2' })}`)).json()) as { duplicates: number };
    assert.equal(again.duplicates, 1);
    assert.equal(viewsOf(site, 'filler-03').views, 2);
  });

  it('refuses a push without the bearer token, with another, or of another type or size', async () => {
    const before = viewsOf(site, 'filler-04').views;
    const line = logLine({ url: '/opinion/filler-04' });
    const refused: [Record<string, string>, number][] = [
      [{ authorization: '' }, 401],
      [{ authorization: `Bearer ${'x'.repeat(40)}` }, 401],
      [{ authorization: token }, 401],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [headers, status] of refused) {
      const response = await push(site, line, headers);
      assert.equal(response.status, status, JSON.stringify(headers));
      if (status === 401) assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    const huge = await push(site, 'x', { 'content-length': String(17 * 1024 * 1024) }).catch(() => undefined);
    assert.ok(huge === undefined || huge.status === 413);
    assert.equal(viewsOf(site, 'filler-04').views, before);
    assert.equal((await site.get('/_edge/log', { method: 'OPTIONS' })).headers.get('allow'), 'POST, OPTIONS');
  });

  it('does not count page requests at the origin, and still shows the count', async () => {
    const before = viewsOf(site, 'filler-05').views;
    for (let i = 0; i < 3; i += 1) {
      const html = await (await site.get('/opinion/filler-05', { headers: { 'user-agent': browserAgent } })).text();
      assert.match(html, /Visited 0 times/);
    }
    await push(site, logLine({ url: '/opinion/filler-05' }));
    site.clock.now += 10_000;
    assert.equal(viewsOf(site, 'filler-05').views, before + 1);
    assert.match(await (await site.get('/opinion/filler-05', { headers: { 'user-agent': browserAgent } })).text(), /Visited 1 time,/);
  });
});

describe('POST /_edge/log without its configuration (issue 15)', () => {
  it('refuses every push when EDGE_LOG_TOKEN is unset, or while the origin counts views itself', async () => {
    for (const env of [{ VISITS_FROM: 'edge-log' }, { EDGE_LOG_TOKEN: token }]) {
      const site = await startSite({ env });
      try {
        const response = await push(site, logLine({ url: '/opinion/filler-06' }));
        assert.equal(response.status, 403, JSON.stringify(env));
        const html = await (await site.get('/opinion/filler-06', { headers: { 'user-agent': browserAgent } })).text();
        if (!env.VISITS_FROM) assert.match(html, /Visited 1 time,/, 'plain npm start counts at the origin as before');
      } finally {
        await site.close();
      }
    }
  });
});
