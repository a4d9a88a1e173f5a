import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { resolveCommentSecret } from '../../src/comments/secret.js';
import { revokePreviews } from '../../src/db/preview-revocations.js';
import { signPreviewToken } from '../../src/preview/token.js';
import { previewUrl } from '../../src/urls.js';
import { captureLogs } from '../helpers/logs.js';
import { assertHtmlPage, fixedNow, fixtureContent, startSite, tempDir, type TestSite } from '../helpers/site.js';

const day = 86_400_000;
const browser = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' };

/** The parts of an answer a reader can compare: status, every header but the per-request ones, and the body. */
async function observable(response: Response): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const headers = [...response.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id');
  return { status: response.status, headers, body: await response.text() };
}

describe('preview links (issue 20)', () => {
  let site: TestSite;
  let secret: string;
  const content = tempDir('broadsheet-preview-');
  const logs = captureLogs();
  const link = (slug: string, options: { issuedTs?: number; lifetime?: number; key?: string } = {}) => {
    const issuedTs = options.issuedTs ?? site.clock.now;
    return previewUrl(signPreviewToken(options.key ?? secret, { slug, issuedTs, expiresTs: issuedTs + (options.lifetime ?? 7 * day) }));
  };

  before(async () => {
    fs.cpSync(fixtureContent, content.dir, { recursive: true });
    site = await startSite({ content: [content.dir], logger: logs.logger });
    secret = resolveCommentSecret(site.db, site.config);
  });
  after(async () => {
    await site?.close();
    content.cleanup();
  });

  it('shows a draft in the real article template with a "not published" band, kept by no cache and out of search engines', async () => {
    const response = await site.get(link('draft'), { headers: browser });
    assertHtmlPage(response);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.equal(response.headers.get('x-robots-tag'), 'noindex, nofollow');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('x-page-cache'), null, 'never offered to the page cache');
    assert.equal(response.headers.get('surrogate-key'), null);
    const html = await response.text();
    assert.match(html, /<h1 class="article__title">A draft nobody should see<\/h1>/);
    assert.match(html, /<section class="preview-band" aria-labelledby="preview-band-title">\s*<h2 class="preview-band__title" id="preview-band-title">Preview — not published<\/h2>/);
    assert.match(html, /This is a draft: it is not scheduled to run\./);
    assert.match(html, /The link stops working on <time datetime="2026-12-05T12:00:00.000Z">5 December 2026 at 12:00<\/time>/);
    assert.match(html, /<meta name="robots" content="noindex, nofollow">/);
    assert.doesNotMatch(html, /application\/ld\+json|rel="canonical"|property="og:/);
    assert.doesNotMatch(html, /class="visit-counter"/);
    assert.doesNotMatch(html, /class="related/);
  });

  it('keeps the token out of the request log: it is the key to the page', async () => {
    const url = link('draft');
    await (await site.get(`${url}?from=desk`, { headers: browser })).text();
    const lines = logs.raw().join('\n');
    assert.doesNotMatch(lines, new RegExp(url.slice('/preview/'.length)));
    assert.match(lines, /"url":"\/preview\/\[token\]\?from=desk"/);
  });

  it('shows the comment form inert: disabled, with no token and nowhere to post', async () => {
    const html = await (await site.get(link('draft'), { headers: browser })).text();
    assert.match(html, /<form class="comment-form" aria-labelledby="respond-title" aria-describedby="comment-inert" novalidate>/);
    assert.match(html, /<fieldset class="comment-form__fields" disabled>/);
    assert.doesNotMatch(html, /name="token"|method="post"|action="[^"]*comments/);
    const post = await site.get(link('draft'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'comment=hi' });
    assert.equal(post.status, 405);
  });

  it('says when a scheduled piece will run', async () => {
    const html = await (await site.get(link('scheduled'), { headers: browser })).text();
    assert.match(html, /This piece is scheduled to run on 1 January 2030\./);
  });

  it('shows a published piece as its file now reads, without writing the database', async () => {
    const file = path.join(content.dir, 'articles', '2026-10-01-full-piece.md');
    const original = fs.readFileSync(file, 'utf8');
    const before = site.db.prepare(`SELECT content_hash, body_html FROM articles WHERE slug = 'full-piece'`).get();
    fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: A headline the desk is still weighing'));
    try {
      const html = await (await site.get(link('full-piece'), { headers: browser })).text();
      assert.match(html, /<h1 class="article__title">A headline the desk is still weighing<\/h1>/);
      assert.match(html, /changes to a published piece that have not been imported yet/);
      assert.deepEqual(site.db.prepare(`SELECT content_hash, body_html FROM articles WHERE slug = 'full-piece'`).get(), before);
      const published = await (await site.get('/opinion/full-piece', { headers: browser })).text();
      assert.doesNotMatch(published, /still weighing/);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('shows the version last imported, and says so, while the file has problems an import would refuse', async () => {
    const file = path.join(content.dir, 'articles', '2030-01-01-scheduled.md');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace(/^title: .*\n/m, ''));
    try {
      const html = await (await site.get(link('scheduled'), { headers: browser })).text();
      assert.match(html, /<h1 class="article__title">A piece scheduled for the future<\/h1>/);
      assert.match(html, /Its file has problems an import would refuse, so this is the version last imported\./);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('answers a wrong, expired, revoked or forged token with the very 404 of an unknown address', async () => {
    const missing = await observable(await site.get('/no-such-page', { headers: browser }));
    assert.equal(missing.status, 404);
    const good = link('draft').slice('/preview/'.length);
    const flipped = `${good.slice(0, 20)}${good[20] === 'A' ? 'B' : 'A'}${good.slice(21)}`;
    const cases = {
      'a flipped character': previewUrl(flipped),
      'a truncated token': previewUrl(good.slice(0, -3)),
      'another secret': link('draft', { key: 'not-the-site-secret-but-just-as-long-as-it' }),
      'an expired link': link('draft', { issuedTs: site.clock.now - 8 * day }),
      'a valid link to a piece that does not exist': link('no-such-piece'),
      'plain text': '/preview/hello',
    };
    for (const [label, url] of Object.entries(cases)) {
      assert.deepEqual(await observable(await site.get(url, { headers: browser })), missing, label);
    }
  });

  it('stops every link issued before a revocation, and only those', async () => {
    const issued = link('scheduled');
    assert.equal((await site.get(issued)).status, 200);
    revokePreviews(site.db, 'scheduled', site.clock.now);
    const missing = await observable(await site.get('/no-such-page'));
    assert.deepEqual(await observable(await site.get(issued)), missing);
    site.clock.now += 1000;
    try {
      assert.equal((await site.get(link('scheduled'))).status, 200, 'a link issued after the revocation works');
      assert.equal((await site.get(link('draft'))).status, 200, 'other pieces keep their links');
    } finally {
      site.clock.now = fixedNow;
    }
  });

  it('counts no visit, however often it is read', async () => {
    const views = (slug: string) =>
      (site.db.prepare(`SELECT coalesce(sum(views), 0) AS n FROM article_visits v JOIN articles a ON a.id = v.article_id WHERE a.slug = ?`).get(slug) as { n: number }).n;
    const published = views('filler-05');
    for (let i = 0; i < 5; i += 1) await (await site.get(link('draft'), { headers: browser })).text();
    await (await site.get('/opinion/filler-05', { headers: browser })).text();
    site.visits.flush();
    assert.equal(views('draft'), 0);
    assert.equal(views('filler-05'), published + 1, 'the same reader reading a published piece is counted');
  });

  it('leaves the piece out of every listing, feed, sitemap, search and related link after being read', async () => {
    await (await site.get(link('draft'), { headers: browser })).text();
    await (await site.get(link('scheduled'), { headers: browser })).text();
    const pages = ['/', '/feed.xml', '/feed.atom', '/feed.json', '/sitemap.xml', '/sitemap-news.xml', '/authors/ada-fixture', '/authors/ada-fixture/feed.xml',
      '/tags/public-transit', '/search?q=draft', '/search?q=scheduled', '/corrections', '/opinion/full-piece', '/opinion/syndicated-excerpt'];
    for (const page of pages) {
      const text = await (await site.get(page, { headers: browser })).text();
      assert.doesNotMatch(text, /nobody should see|\/opinion\/draft\b|scheduled for the future|\/opinion\/scheduled\b|\/preview\//, page);
    }
  });

  it('takes as long to refuse a forged link to a draft as one to a piece that never existed', async () => {
    const forged = (slug: string) => link(slug, { key: 'not-the-site-secret-but-just-as-long-as-it' });
    const timeOf = async (url: string) => {
      const started = performance.now();
      await (await site.get(url)).arrayBuffer();
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
    const [draft, nothing] = [forged('draft'), forged('no-such-piece-at-all')];
    const times: { draft: number[]; nothing: number[] } = { draft: [], nothing: [] };
    for (let i = 0; i < 10; i += 1) await timeOf(draft);
    for (let i = 0; i < 60; i += 1) {
      times.draft.push(await timeOf(draft));
      times.nothing.push(await timeOf(nothing));
    }
    const [a, b] = [median(times.draft), median(times.nothing)];
    // Same code path, so any gap is noise: a gap a reader could use would be many times this allowance.
    assert.ok(Math.abs(a - b) < 0.5 * Math.min(a, b) + 1, `medians ${a.toFixed(2)} ms and ${b.toFixed(2)} ms`);
  });
});
