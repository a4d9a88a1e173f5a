import assert from 'node:assert/strict';
import { formWindowMs, formWindowStart } from '../../src/comments/token.js';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { updateCommentStatus } from '../../src/db/comments.js';
import { browserAgent as browser } from '../helpers/comment-traffic.js';
import { rawRequest } from '../helpers/raw-http.js';
import { assertHtmlPage, fixtureContent, fixturesDir, startSite, type TestSite } from '../helpers/site.js';

const engagementContent = path.join(fixturesDir, 'engagement');
const siteOrigin = 'http://broadsheet.test';
const secretEmail = 'private.reader@example.org';

type Fields = Record<string, string>;

/** openForm loads an article page as a browser would and returns its form token. */
async function openForm(site: TestSite, slug: string, query = ''): Promise<{ token: string; html: string }> {
  const response = await site.get(`/opinion/${slug}${query}`, { headers: { 'user-agent': browser } });
  assertHtmlPage(response);
  const html = await response.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a comment form with a token');
  return { token, html };
}

/** post sends the comment form like a browser on our own page, unless headers say otherwise. */
function post(site: TestSite, slug: string, fields: Fields, headers: Record<string, string> = {}): Promise<Response> {
  return site.get(`/opinion/${slug}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: siteOrigin, 'user-agent': browser, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** submit opens the form, waits like a person would, and posts it. */
async function submit(site: TestSite, slug: string, fields: Fields, query = ''): Promise<Response> {
  const { token } = await openForm(site, slug, query);
  site.clock.now += 10_000;
  return post(site, slug, { token, ...fields });
}

function commentRows(site: TestSite): { id: number; status: string; body: string; parent_id: number | null }[] {
  return site.db.prepare(`SELECT id, status, body, parent_id FROM comments ORDER BY id`).all() as never;
}

const valid = (overrides: Fields = {}): Fields => ({
  name: 'Rosa Reader',
  email: secretEmail,
  website: 'rosa.example.net',
  comment: 'A first thought.\n\nA second paragraph with a link: https://example.net/a_(b), see?\nAnd <script>alert(1)</script> stays text.',
  ...overrides,
});

describe('comments (issue 4)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ content: [fixtureContent, engagementContent], env: { COMMENT_RATE_LIMIT: '1000' } });
  });
  after(() => site.close());

  it('shows an accessible form with required fields marked and explained', async () => {
    const { html } = await openForm(site, 'full-piece');
    assert.match(html, /Your email address will not be published\. Required fields are marked <span class="field__required">\*<\/span>\./);
    for (const [id, label] of [['name', 'Name'], ['email', 'Email'], ['comment', 'Comment']]) {
      assert.match(html, new RegExp(`<label class="field__label" for="comment-${id}">${label} <span class="field__required" aria-hidden="true">\\*</span></label>`));
    }
    assert.match(html, /<label class="field__label" for="comment-website">Website<\/label>/);
    assert.match(html, /id="comment-email"[^>]* required aria-describedby="comment-email-hint"/);
    assert.match(html, /<form class="comment-form" method="post" action="\/opinion\/full-piece\/comments#respond"/);
  });

  it('stores a valid comment as pending, does not show it, and redirects back with a notice', async () => {
    const response = await submit(site, 'full-piece', valid());
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/opinion/full-piece?comment=pending#comment-notice');
    const rows = commentRows(site);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'pending');
    const html = await (await site.get('/opinion/full-piece?comment=pending')).text();
    assert.match(html, /<p class="comments__notice" id="comment-notice" role="status">Thank you\. Your comment has been received/);
    assert.doesNotMatch(html, /A first thought/);
    assert.doesNotMatch(html, /Rosa Reader/);
  });

  it('shows an approved comment: linked name, date, escaped paragraphs and linked bare URLs', async () => {
    const [row] = commentRows(site);
    updateCommentStatus(site.db, row!.id, 'approved', site.clock.now);
    const html = await (await site.get('/opinion/full-piece')).text();
    assert.match(html, /<h2 class="comments__title" id="comments-title">1 comment<\/h2>/);
    assert.match(html, /<a class="comment__author" href="https:\/\/rosa\.example\.net\/" rel="nofollow ugc"><bdi>Rosa Reader<\/bdi><\/a>/);
    assert.match(html, /<time datetime="2026-11-28T12:00:\d\d\.\d{3}Z">28 November 2026 at 12:00<\/time>/);
    assert.match(html, /<p>A first thought\.<\/p>/);
    assert.match(
      html,
      /<p>A second paragraph with a link: <a href="https:\/\/example\.net\/a_\(b\)" rel="nofollow ugc">https:\/\/example\.net\/a_\(b\)<\/a>, see\?<br>\nAnd &lt;script&gt;alert\(1\)&lt;\/script&gt; stays text\.<\/p>/,
    );
    assert.doesNotMatch(html, /<script>alert/);
  });

  it('takes one level of replies through ?replyto=, and flattens a reply to a reply', async () => {
    const [parent] = commentRows(site);
    const { html } = await openForm(site, 'full-piece', `?replyto=${parent!.id}`);
    assert.match(html, /<h3 class="comment-respond__title" id="respond-title">Reply to <bdi>Rosa Reader<\/bdi><\/h3>/);
    assert.match(html, new RegExp(`<input type="hidden" name="parent" value="${parent!.id}">`));
    const page = await (await site.get('/opinion/full-piece')).text();
    assert.match(page, new RegExp(`<a href="/opinion/full-piece\\?replyto=${parent!.id}#respond">Reply to <bdi>Rosa Reader</bdi></a>`));

    const reply = await submit(site, 'full-piece', { ...valid({ name: 'Sam Replier', email: 'sam@example.org', comment: 'I disagree.' }), parent: String(parent!.id) });
    assert.equal(reply.status, 303);
    const replyRow = commentRows(site).at(-1)!;
    assert.equal(replyRow.parent_id, parent!.id);
    updateCommentStatus(site.db, replyRow.id, 'approved', site.clock.now);

    const nested = await submit(site, 'full-piece', { ...valid({ name: 'Tess Third', email: 'tess@example.org', comment: 'Replying to Sam.' }), parent: String(replyRow.id) });
    assert.equal(nested.status, 303);
    assert.equal(commentRows(site).at(-1)!.parent_id, parent!.id, 'a reply to a reply hangs under the top-level comment');

    const shown = await (await site.get('/opinion/full-piece')).text();
    assert.match(shown, /<ol class="comment-list comment-list--replies">\s*<li class="comment" id="comment-\d+">[\s\S]*I disagree\./);
    assert.doesNotMatch(shown, /Reply to <bdi>Sam Replier/, 'replies cannot be replied to');
  });

  it('re-renders the article with every missing required field linked from an error summary', async () => {
    const response = await submit(site, 'full-piece', { name: '', email: '', website: 'kept.example.com', comment: '   ' });
    assertHtmlPage(response, 400);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    const html = await response.text();
    assert.match(html, /<h1 class="article__title">/);
    assert.match(html, /<div class="error-summary" role="alert"/);
    for (const [field, message] of [['name', 'Enter your name'], ['email', 'Enter your email address'], ['comment', 'Enter your comment']]) {
      assert.match(html, new RegExp(`<li><a href="#comment-${field}">${message}</a></li>`));
      assert.match(html, new RegExp(`<p class="field__error" id="comment-${field}-error"><span class="visually-hidden">Error: </span>${message}</p>`));
      assert.match(html, new RegExp(`id="comment-${field}"[^>]*aria-describedby="[^"]*comment-${field}-error" aria-invalid="true"`));
    }
    assert.match(html, /id="comment-website" name="website" type="url" value="kept\.example\.com"/, 'input is kept');
    assert.equal(commentRows(site).length, 3);
  });

  it('rejects each field over its length limit, keeping what was typed', async () => {
    const cases: [string, string, RegExp][] = [
      ['name', 'n'.repeat(81), /Name must be 80 characters or fewer/],
      ['email', `${'e'.repeat(250)}@example.org`, /Email address must be 254 characters or fewer/],
      ['website', `https://example.org/${'w'.repeat(200)}`, /Website address must be 200 characters or fewer/],
      ['comment', 'c'.repeat(5001), /Comment must be 5,000 characters or fewer/],
    ];
    for (const [field, value, message] of cases) {
      const response = await submit(site, 'full-piece', valid({ [field]: value }));
      assertHtmlPage(response, 400);
      const html = await response.text();
      assert.match(html, message);
      assert.ok(html.includes(value), `${field} is kept`);
    }
    assert.equal(commentRows(site).length, 3);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const response = await submit(site, 'full-piece', { ...valid({ comment: 'Buy cheap pills' }), fax: 'bot was here' });
    assert.equal(response.status, 303);
    assert.equal(commentRows(site).length, 3);
  });

  it('refuses a forged, missing, too quick or expired token, keeping the input; a token shared by readers may be sent again (issue 15)', async () => {
    // Too quick: posted at the very start of the token's window (every reader's form is dated from there).
    site.clock.now = formWindowStart(site.clock.now) + formWindowMs;
    const { token } = await openForm(site, 'full-piece');
    let response = await post(site, 'full-piece', { token, ...valid({ comment: 'Fast fingers.' }) });
    assertHtmlPage(response, 400);
    assert.match(await response.text(), /quicker than we expected from a person/);

    site.clock.now += 10_000;
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const bad of [forged, 'nonsense', '']) {
      response = await post(site, 'full-piece', { token: bad, ...valid({ comment: 'Forged token.' }) });
      assertHtmlPage(response, 400);
      const html = await response.text();
      assert.match(html, /We could not check where this form came from/);
      assert.match(html, /Forged token\.<\/textarea>/);
    }
    const other = await openForm(site, 'syndicated-excerpt');
    site.clock.now += 10_000;
    response = await post(site, 'full-piece', { token: other.token, ...valid({ comment: 'Token from another article.' }) });
    assertHtmlPage(response, 400);

    site.clock.now += 25 * 3_600_000;
    response = await post(site, 'full-piece', { token, ...valid({ comment: 'Left the tab open.' }) });
    assertHtmlPage(response, 400);
    assert.match(await response.text(), /has expired/);
    site.clock.now -= 25 * 3_600_000;

    const fresh = await openForm(site, 'full-piece');
    site.clock.now += 10_000;
    assert.equal((await post(site, 'full-piece', { token: fresh.token, ...valid({ comment: 'Once only.' }) })).status, 303);
    // The same token again with the same text is a double click: ignored, answered as the first post was.
    response = await post(site, 'full-piece', { token: fresh.token, ...valid({ comment: 'Once only.' }) });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/opinion/full-piece?comment=pending#comment-notice');
    // Every reader of the piece holds this token, so other text with it is another comment: it waits for a
    // moderator like any other (the rate limit, not the token, bounds how many one client sends).
    response = await post(site, 'full-piece', { token: fresh.token, ...valid({ comment: 'Another with the shared token.' }) });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/opinion/full-piece?comment=pending#comment-notice');
    assert.equal(commentRows(site).filter((r) => /Once only/.test(r.body)).length, 1);
    assert.equal(commentRows(site).filter((r) => /shared token/.test(r.body) && r.status === 'pending').length, 1);
  });

  it('ignores the same comment sent again with a new form, answering as for any comment received', async () => {
    const before = commentRows(site).length;
    const response = await submit(site, 'full-piece', valid({ comment: 'Once   ONLY.' }));
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/opinion/full-piece?comment=pending#comment-notice');
    assert.equal(commentRows(site).length, before);
  });

  it('refuses cross-site posts, and posts with neither Origin nor Referer', async () => {
    const before = commentRows(site).length;
    const { token } = await openForm(site, 'full-piece');
    site.clock.now += 10_000;
    const fields = { token, ...valid({ comment: 'Cross-site attempt.' }) };
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '' },
      { origin: siteOrigin, 'sec-fetch-site': 'cross-site' },
      { origin: '', referer: 'https://evil.example/page' },
    ];
    for (const headers of attempts) {
      const response = await post(site, 'full-piece', fields, headers);
      assertHtmlPage(response, 403);
      assert.match(await response.text(), /only be sent from the comment form on this site/);
    }
    assert.equal(commentRows(site).length, before);
    // Referer alone (an older browser) from one of our pages is accepted.
    const ok = await post(site, 'full-piece', fields, { origin: '', referer: `${siteOrigin}/opinion/full-piece` });
    assert.equal(ok.status, 303);
  });

  it('refuses a post whose Origin names the Host it was sent to, when that is not the site (issue 17)', async () => {
    const before = commentRows(site).length;
    const { token } = await openForm(site, 'full-piece');
    site.clock.now += 10_000;
    const body = new URLSearchParams({ token, ...valid({ comment: 'Rebound through DNS.' }) }).toString();
    const port = new URL(site.url).port;
    // A rebinding attack: the browser thinks it is on the attacker's name, which now resolves to us.
    const attempts: Record<string, string>[] = [
      { Host: 'evil.example', Origin: 'http://evil.example' },
      { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` },
      { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` },
      { Host: `localhost:${port}`, Referer: `http://localhost:${port}/opinion/full-piece` },
      { Host: 'evil.example', Origin: 'http://evil.example', Referer: `${siteOrigin}/opinion/full-piece` },
    ];
    for (const headers of attempts) {
      const lines = Object.entries({ ...headers, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
      const response = await rawRequest(site.url, `POST /opinion/full-piece/comments HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.match(response.text, /only be sent from the comment form on this site/);
    }
    assert.equal(commentRows(site).length, before);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await post(site, 'full-piece', { token: 'x', ...valid({ comment: 'x'.repeat(70_000) }) });
    assertHtmlPage(response, 413);
    assert.doesNotMatch(await response.text(), /node_modules|at .*\.js:\d+/);
  });

  it('shows "comments are closed" instead of the form when the editor closed them', async () => {
    const response = await site.get('/opinion/comments-closed', { headers: { 'user-agent': browser } });
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<p class="comments__closed">Comments are closed for this piece\.<\/p>/);
    assert.doesNotMatch(html, /<form class="comment-form"/);
    const refused = await post(site, 'comments-closed', { token: 'x', ...valid() });
    assertHtmlPage(refused, 403);
    assert.match(await refused.text(), /Comments are closed/);
  });

  it('answers 404 for comments on a missing or unpublished piece', async () => {
    for (const slug of ['no-such-piece', 'draft', 'scheduled']) {
      assertHtmlPage(await post(site, slug, valid()), 404);
    }
  });

  it('never writes a commenter\'s email to the logs', async () => {
    const logged: unknown[] = [];
    const methods = ['log', 'info', 'warn', 'error'] as const;
    const originals = methods.map((m) => console[m]);
    for (const m of methods) console[m] = (...args: unknown[]) => void logged.push(...args);
    try {
      await submit(site, 'full-piece', valid({ comment: 'Logged nowhere.' }));
      await submit(site, 'full-piece', valid({ name: '' }));
      await post(site, 'full-piece', valid(), { origin: 'https://evil.example' });
      site.visits.flush();
    } finally {
      methods.forEach((m, i) => (console[m] = originals[i]!));
    }
    assert.ok(!logged.map(String).join('\n').includes(secretEmail));
  });

  it('never shows a commenter\'s email on any page', async () => {
    for (const row of commentRows(site)) updateCommentStatus(site.db, row.id, 'approved', site.clock.now);
    const pages = ['/', '/?page=2', '/opinion/full-piece', '/opinion/full-piece?replyto=1', '/authors/ada-fixture', '/tags/public-transit', '/feed.xml', '/sitemap.xml'];
    for (const page of pages) {
      const text = await (await site.get(page, { headers: { 'user-agent': browser } })).text();
      assert.ok(!text.includes(secretEmail) && !text.includes('private.reader'), `${page} does not contain the email`);
    }
  });
});

describe('comment settings (issue 4)', () => {
  it('rate-limits posts per address with 429 and Retry-After', async () => {
    const site = await startSite({ env: { COMMENT_RATE_LIMIT: '2', COMMENT_RATE_WINDOW_MINUTES: '10' } });
    try {
      for (const n of [1, 2]) assert.equal((await submit(site, 'full-piece', valid({ comment: `Comment ${n}` }))).status, 303);
      const limited = await submit(site, 'full-piece', valid({ comment: 'Comment 3' }));
      assertHtmlPage(limited, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.match(await limited.text(), /several comments in a short time/);
      assert.equal(commentRows(site).length, 2);
      site.clock.now += 11 * 60_000;
      assert.equal((await submit(site, 'full-piece', valid({ comment: 'Comment 4' }))).status, 303);
    } finally {
      await site.close();
    }
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 one (issue 17)', async () => {
    const site = await startSite({ env: { COMMENT_RATE_LIMIT: '2', COMMENT_RATE_WINDOW_MINUTES: '10', TRUST_PROXY: 'loopback' } });
    try {
      let n = 0;
      const from = async (address: string) => {
        const { token } = await openForm(site, 'full-piece');
        site.clock.now += 10_000;
        n += 1;
        const response = await post(site, 'full-piece', { token, ...valid({ comment: `From ${address}, number ${n}.` }) }, { 'x-forwarded-for': address });
        await response.arrayBuffer();
        return response.status;
      };
      assert.equal(await from('2001:db8:aa:1::1'), 303);
      assert.equal(await from('2001:db8:aa:1:8000::2'), 303);
      assert.equal(await from('2001:db8:aa:1:ffff:ffff:ffff:fffe'), 429, 'another address of the same /64');
      assert.equal(await from('2001:db8:aa:2::1'), 303, 'the next /64 is another client');
      assert.equal(await from('192.0.2.10'), 303);
      assert.equal(await from('::ffff:192.0.2.10'), 303);
      assert.equal(await from('192.0.2.10'), 429, 'the mapped address counted for the IPv4 one');
      assert.equal(await from('192.0.2.11'), 303);
    } finally {
      await site.close();
    }
  });

  it('closes comments a configured number of days after publication', async () => {
    const site = await startSite({ content: [fixtureContent, engagementContent], env: { COMMENTS_CLOSE_AFTER_DAYS: '30' } });
    try {
      const old = await (await site.get('/opinion/full-piece')).text();
      assert.match(old, /Comments are closed for this piece/);
      const fresh = await (await site.get('/opinion/fresh-piece')).text();
      assert.match(fresh, /<form class="comment-form"/);
    } finally {
      await site.close();
    }
  });

  it('auto-approves comments that pass the spam rules when enabled, but always holds comments with many links', async () => {
    const site = await startSite({ env: { COMMENTS_AUTO_APPROVE: 'true', COMMENT_MAX_LINKS: '2' } });
    try {
      const first = await submit(site, 'full-piece', valid({ comment: 'My first comment.' }));
      assert.match(first.headers.get('location') ?? '', /^\/opinion\/full-piece\?comment=published#comment-\d+$/);
      const linky = await submit(site, 'full-piece', valid({ comment: 'See https://a.example, https://b.example and www.c.example.com' }));
      assert.equal(linky.headers.get('location'), '/opinion/full-piece?comment=pending#comment-notice');
      const stranger = await submit(site, 'full-piece', valid({ name: 'New Person', email: 'new@example.org', comment: 'Hello.' }));
      assert.match(stranger.headers.get('location') ?? '', /comment=published/);
      assert.deepEqual(commentRows(site).map((r) => r.status), ['approved', 'pending', 'approved']);
    } finally {
      await site.close();
    }
  });
});
