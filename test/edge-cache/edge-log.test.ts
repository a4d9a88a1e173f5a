import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runComments } from '../../src/cli/comments.js';
import { findVisitTotals } from '../../src/db/visits.js';
import { dayIn } from '../../src/visits/day.js';
import { startVarnishLog } from '../../cache-stack/local-stack.js';
import { builtCli } from '../helpers/cli.js';
import { articleId, browser, startEdgeSite, varnishSkip, type EdgeSite } from '../helpers/edge.js';
import { startChild, waitFor, type Child } from '../helpers/processes.js';

const unavailable = varnishSkip();
const googlebot = { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' };
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];

describe('a viral op-ed with comments open, served from Varnish, views counted from its log (issue 15)', { skip: unavailable }, () => {
  let edge: EdgeSite;
  let varnishLog: Child;
  let logFile: string;
  const ingests: Child[] = [];

  const startIngest = () => {
    const child = startChild(process.execPath, [builtCli(), 'visits', 'ingest', '--follow', logFile], {
      env: { ...process.env, DATABASE_PATH: edge.config.databasePath, VISITS_FROM: 'edge-log', SITE_TIME_ZONE: edge.config.timeZone },
    });
    ingests.push(child);
    return child;
  };
  const checkpointOf = (file: string) =>
    (edge.db.prepare('SELECT byte_offset AS offset FROM edge_log_checkpoints WHERE path = ?').get(file) as { offset: number } | undefined)?.offset ?? 0;
  const storedViews = (slug: string) => findVisitTotals(edge.db, articleId(edge.db, slug), dayIn(edge.config.timeZone, Date.now()));
  const post = (slug: string, fields: Record<string, string>, headers: Record<string, string>) =>
    edge.get(`/opinion/${slug}/comments`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'A Reader', email: 'reader@example.com', website: '', fax: '', ...fields }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://broadsheet.test', ...browser, ...headers },
    });
  const pendingBodies = (slug: string) =>
    (edge.db.prepare(`SELECT body FROM comments WHERE article_id = ? AND status = 'pending' ORDER BY id`).all(articleId(edge.db, slug)) as { body: string }[]).map(
      (row) => row.body,
    );

  before(async () => {
    edge = await startEdgeSite({ EDGE_INCLUDES: 'on', VISITS_FROM: 'edge-log', COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '3' });
    logFile = path.join(path.dirname(edge.config.databasePath), 'varnish-access.jsonl');
    varnishLog = await startVarnishLog(edge.varnish, logFile);
  });
  after(async () => {
    for (const child of ingests) await child.stop();
    await varnishLog?.stop();
    await edge?.close();
  });

  it('answers 400 human views almost all from the cache, and counts exactly those views from its log, through a SIGKILLed ingest', async () => {
    const slug = 'filler-06';
    let ingest = startIngest();
    for (let i = 0; i < 400; i += 1) {
      const response = await edge.get(`/opinion/${slug}${i % 9 === 0 ? '?utm_source=social' : ''}`, { headers: browser });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      if (i % 10 === 0) await (await edge.get(`/opinion/${slug}`, { headers: googlebot })).arrayBuffer();
      if (i % 10 === 1) assert.equal((await edge.get(`/opinion/${slug}`, { method: 'HEAD', headers: browser })).status, 200);
      if (i === 200) {
        // Killed once it has committed part of the log, while readers keep coming.
        await waitFor(() => checkpointOf(logFile) > 0, 15_000, 'the first committed batch');
        ingest.process.kill('SIGKILL');
        await ingest.exited;
        ingest = startIngest();
      }
    }
    const articleRequests = 400 + 40 + 40;
    const origin = edge.originHits(`/opinion/${slug}`) + edge.originHits(`/opinion/${slug}?utm_source=social`);
    const includes = edge.originHits(`/_edge/visits/${slug}`) + edge.originHits(`/_edge/comments/${slug}`);
    assert.ok(origin <= articleRequests / 100, `the origin saw ${origin} of ${articleRequests} article requests`);
    assert.ok(includes <= articleRequests / 20, `the origin saw ${includes} include requests`);

    // Every request is in the log (hits included), and the ingest has read all of it.
    await waitFor(() => fs.readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes(`/opinion/${slug}`)).length >= articleRequests, 15_000, 'varnishncsa to log every request');
    await waitFor(() => checkpointOf(logFile) === fs.statSync(logFile).size, 15_000, 'the ingest to reach the end of the log');
    const views = storedViews(slug);
    assert.equal(views.views, 400, 'every human view, once: no bot, no HEAD, nothing lost or doubled by the kill');
    assert.equal(views.visitors, 1, 'every test request reaches Varnish from loopback: one visitor');
  });

  it('takes comments from two readers of the same cached page, both pending, and shows both through the cache once approved', async () => {
    const slug = 'full-piece';
    const first = await (await edge.get(`/opinion/${slug}`, { headers: browser })).text();
    const again = await edge.get(`/opinion/${slug}`, { headers: browser });
    assert.equal(again.headers.get('x-cache'), 'HIT');
    const token = tokenOf(first);
    assert.ok(token);
    assert.equal(tokenOf(await again.text()), token, 'one form for every reader');

    const readers = [
      { 'X-Forwarded-For': '203.0.113.10', body: 'First reader, from the shared page.' },
      { 'X-Forwarded-For': '203.0.113.11', body: 'Second reader, same page, same token.' },
    ];
    for (const { body, ...headers } of readers) {
      const response = await post(slug, { token, comment: body, email: `${headers['X-Forwarded-For']}@example.com` }, headers);
      assert.equal(response.status, 303, body);
      assert.equal(response.headers.get('location'), `/opinion/${slug}?comment=pending#comment-notice`);
      assert.equal(response.headers.get('x-cache'), 'PASS');
    }
    const ids = (edge.db.prepare(`SELECT id FROM comments WHERE status = 'pending' AND body LIKE '%reader, %'`).all() as { id: number }[]).map((row) => String(row.id));
    assert.equal(ids.length, 2);

    const code = await edge.asEditor(() => runComments(edge.db, edge.config, ['approve', ...ids], () => {}));
    assert.equal(code, 0);
    const html = await (await edge.get(`/opinion/${slug}`, { headers: browser })).text();
    for (const { body } of readers) assert.ok(html.includes(body), body);
    assert.doesNotMatch(html, /@example\.com/);
  });

  it('refuses a cross-site post through the cache, and one with neither Origin nor Referer', async () => {
    const token = tokenOf(await (await edge.get('/opinion/filler-07', { headers: browser })).text())!;
    const crossSite = await post('filler-07', { token, comment: 'Posted from elsewhere.' }, { Origin: 'https://evil.example', 'X-Forwarded-For': '203.0.113.20' });
    assert.equal(crossSite.status, 403);
    const bare = await edge.get('/opinion/filler-07/comments', {
      method: 'POST',
      body: new URLSearchParams({ token, name: 'A', email: 'a@example.com', comment: 'No origin at all.' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.21' },
    });
    assert.equal(bare.status, 403);
    assert.deepEqual(pendingBodies('filler-07'), []);
  });

  it('holds the rate limit for one client behind the cache, while another client still posts', async () => {
    const token = tokenOf(await (await edge.get('/opinion/filler-08', { headers: browser })).text())!;
    const one = { 'X-Forwarded-For': '203.0.113.30' };
    for (let i = 1; i <= 3; i += 1) assert.equal((await post('filler-08', { token, comment: `Post number ${i}.` }, one)).status, 303);
    const limited = await post('filler-08', { token, comment: 'Post number 4.' }, one);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await post('filler-08', { token, comment: 'Another client.' }, { 'X-Forwarded-For': '203.0.113.31' })).status, 303);
    assert.deepEqual(pendingBodies('filler-08'), ['Post number 1.', 'Post number 2.', 'Post number 3.', 'Another client.']);
  });

  it('stores nothing from a filled honeypot, and a repeated comment once, answering both like any other', async () => {
    const token = tokenOf(await (await edge.get('/opinion/filler-09', { headers: browser })).text())!;
    const trap = await post('filler-09', { token, comment: 'A bot filled every field.', fax: '555-0100' }, { 'X-Forwarded-For': '203.0.113.40' });
    assert.equal(trap.headers.get('location'), '/opinion/filler-09?comment=pending#comment-notice');
    for (let i = 0; i < 2; i += 1) {
      const twice = await post('filler-09', { token, comment: 'Sent twice by a double click.' }, { 'X-Forwarded-For': '203.0.113.41' });
      assert.equal(twice.headers.get('location'), '/opinion/filler-09?comment=pending#comment-notice');
    }
    assert.deepEqual(pendingBodies('filler-09'), ['Sent twice by a double click.']);
  });
});
