import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { updateCommentStatus } from '../../src/db/comments.js';
import { browserAgent, commentPost, readArticle } from '../helpers/comment-traffic.js';
import { writeHostileContent, type HostileEntry } from '../helpers/hostile-content.js';
import { startSite, tempDir, type TestSite } from '../helpers/site.js';
import { findLiveFragmentLeaks, findXss, findXssInJson, findXssInJsonFeed, findXssInJsonLd, findXssInXml, loadXssCorpus, type XssPayload } from '../helpers/xss.js';

/** What a page type's paths can draw on: the hostile pieces, and the hostile comments stored on them. */
interface Hostile {
  entries: readonly HostileEntry[];
  comments: readonly { id: number; slug: string }[];
}

/** A kind of page to check: which paths to fetch, what each must answer, and how to read the body. */
interface PageType {
  name: string;
  kind: 'html' | 'xml' | 'json' | 'jsonfeed' | 'jsonld';
  /** The statuses a fetch may answer; a content page must really be there (200) or the check proves nothing. */
  statuses: number[];
  paths(hostile: Hostile): string[];
}

const pageSize = 12;
const pagesOf = (count: number, first: string, later: (n: number) => string) => [first, ...Array.from({ length: Math.ceil(count / pageSize) - 1 }, (_, i) => later(i + 2))];
const feedsOf = (format: string) => (h: Hostile) => [
  `/feed.${format}`,
  ...h.entries.map((e) => `/authors/${e.authorSlug}/feed.${format}`),
  ...new Set(h.entries.map((e) => `/tags/${e.tagSlug}/feed.${format}`)),
];
// Every hostile piece is by a "Writer NNN …", so one search lists them all, with highlighted snippets.
const everyPiece = 'writer';

// Every page type that shows imported or reader-supplied text. The checks below need no change when one is added.
const pageTypes: PageType[] = [
  { name: 'article', kind: 'html', statuses: [200], paths: (h) => h.entries.map((e) => `/opinion/${e.slug}`) },
  { name: 'home and its pages', kind: 'html', statuses: [200], paths: (h) => pagesOf(h.entries.length, '/', (n) => `/?page=${n}`) },
  { name: 'author', kind: 'html', statuses: [200], paths: (h) => h.entries.map((e) => `/authors/${e.authorSlug}`) },
  { name: 'tag', kind: 'html', statuses: [200], paths: (h) => [...new Set(h.entries.map((e) => `/tags/${e.tagSlug}`))] },
  {
    name: 'error pages reached with the payload in the URL',
    kind: 'html',
    statuses: [400, 404, 414],
    paths: (h) =>
      h.entries.flatMap((e) => [
        `/opinion/${encodeURIComponent(e.payload.payload)}`,
        `/?page=${encodeURIComponent(e.payload.payload)}`,
        `/tags/${encodeURIComponent(e.payload.payload)}?page=2`,
        `/search?q=x&page=${encodeURIComponent(e.payload.payload)}`,
      ]),
  },
  {
    name: 'search results for the payload as the query (the query echoed, the piece found and highlighted)',
    kind: 'html',
    statuses: [200],
    paths: (h) => h.entries.map((e) => `/search?q=${encodeURIComponent(e.payload.payload)}`),
  },
  {
    name: 'search results listing every hostile piece with its snippet',
    kind: 'html',
    statuses: [200],
    paths: (h) => pagesOf(h.entries.length, `/search?q=${encodeURIComponent(everyPiece)}`, (n) => `/search?q=${encodeURIComponent(everyPiece)}&page=${n}`),
  },
  {
    name: 'article with the hostile comments approved, and their reply forms',
    kind: 'html',
    statuses: [200],
    paths: (h) => h.comments.flatMap((c) => [`/opinion/${c.slug}?comment=published`, `/opinion/${c.slug}?replyto=${c.id}`]),
  },
  { name: 'RSS feeds of the site, every author and every tag', kind: 'xml', statuses: [200], paths: feedsOf('xml') },
  { name: 'Atom feeds of the site, every author and every tag', kind: 'xml', statuses: [200], paths: feedsOf('atom') },
  { name: 'JSON feeds of the site, every author and every tag', kind: 'jsonfeed', statuses: [200], paths: feedsOf('json') },
  { name: 'sitemaps', kind: 'xml', statuses: [200], paths: () => ['/sitemap.xml', '/sitemap-news.xml', '/sitemaps/pages.xml', '/sitemaps/articles-1.xml', '/sitemaps/authors-1.xml', '/sitemaps/tags-1.xml'] },
  {
    name: 'JSON-LD of articles, authors, tags and the home page',
    kind: 'jsonld',
    statuses: [200],
    paths: (h) => ['/', ...h.entries.flatMap((e) => [`/opinion/${e.slug}`, `/authors/${e.authorSlug}`, `/tags/${e.tagSlug}`])],
  },
  { name: 'health check', kind: 'json', statuses: [200], paths: () => ['/healthz'] },
];

const finders = { html: findXss, xml: findXssInXml, json: findXssInJson, jsonfeed: findXssInJsonFeed, jsonld: findXssInJsonLd };

/** hostileComment fills every field of the comment form with the payload, cut to what each field accepts. */
function hostileComment({ payload }: XssPayload, n: number): Record<string, string> {
  const cut = (text: string, length: number) => [...text].slice(0, length).join('');
  return {
    name: cut(payload, 80).trim() || `Reader ${n}`,
    email: `reader${n}@example.org`,
    website: cut(`https://example.com/${payload.replace(/\s+/g, '')}`, 200),
    // Bare URLs are turned into links, so the payload also goes in and around one.
    comment: `${payload}\n\nSee https://example.com/${payload} and ${payload}https://example.org/.`,
  };
}

describe('the XSS corpus through the importer and every page type (issue 8)', () => {
  const corpus = loadXssCorpus();
  const content = tempDir('broadsheet-xss-');
  let site: TestSite;
  let entries: HostileEntry[];
  const comments: { id: number; slug: string }[] = [];
  const refusedComments: string[] = [];
  before(async () => {
    entries = writeHostileContent(content.dir, corpus);
    site = await startSite({
      content: [path.join(content.dir)],
      now: Date.parse('2026-11-28T12:00:00Z'),
      env: { COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '10000', SEARCH_RATE_LIMIT: '100000' },
    });
    // One hostile comment on each hostile piece, posted through the form and approved as a moderator would.
    for (const [n, entry] of entries.entries()) {
      const { token } = await readArticle(site.url, entry.slug);
      assert.ok(token, `${entry.slug} takes comments`);
      const response = await site.get(`/opinion/${entry.slug}/comments`, commentPost(site.config.siteUrl, { token, ...hostileComment(entry.payload, n) }));
      await response.arrayBuffer();
      const id = /#comment-(\d+)$/.exec(response.headers.get('location') ?? '')?.[1];
      if (response.status === 303 && id === undefined) {
        const row = site.db.prepare(`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = ?`).get(entry.slug) as { id: number };
        comments.push({ id: row.id, slug: entry.slug });
      } else if (response.status === 303) comments.push({ id: Number(id), slug: entry.slug });
      else refusedComments.push(`${entry.payload.family} ${JSON.stringify(entry.payload.payload)}: ${response.status}`);
    }
    for (const { id } of comments) updateCommentStatus(site.db, id, 'approved', site.clock.now);
  });
  after(async () => {
    await site.close();
    content.cleanup();
  });

  it('holds at least 100 payloads from every filter-evasion family', () => {
    assert.ok(corpus.length >= 100, `corpus has ${corpus.length} payloads`);
    const families = new Set(corpus.map((p) => p.family));
    for (const family of ['script-tag', 'event-handler', 'url-scheme', 'svg-mathml', 'style-css', 'malformed', 'template-injection', 'live-marker']) {
      assert.ok(families.has(family), `family ${family} is covered`);
    }
  });

  it('imports every hostile piece and author with the real importer', () => {
    const count = site.db.prepare(`SELECT count(*) AS n FROM articles WHERE slug LIKE 'xss-%'`).get() as { n: number };
    assert.equal(count.n, corpus.length);
  });

  it('stores a hostile comment on every hostile piece, so the comment pages below show them all', () => {
    assert.deepEqual(refusedComments, []);
    assert.equal(comments.length, corpus.length);
  });

  for (const type of pageTypes) {
    it(`lets no payload survive into the ${type.name} pages`, async () => {
      const paths = type.paths({ entries, comments });
      assert.ok(paths.length > 0);
      const problems: string[] = [];
      for (const pathname of paths) {
        let response = await site.get(pathname);
        // A search in another spelling is sent to its canonical URL (issue 17): check that page, as a reader's
        // browser would land on it.
        const location = response.headers.get('location');
        if (response.status === 302 && location?.startsWith('/search?')) {
          await response.arrayBuffer();
          response = await site.get(location);
        }
        const body = await response.text();
        if (!type.statuses.includes(response.status)) problems.push(`${pathname}: status ${response.status}`);
        for (const finding of finders[type.kind](body)) problems.push(`${pathname}: ${finding}`);
        // Marker text from content must never be filled as a live slot (issue 17).
        for (const finding of findLiveFragmentLeaks(body, type.kind === 'html' || type.kind === 'jsonld')) problems.push(`${pathname}: ${finding}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('runs no visit counter without an article: every feed read by a browser answers, and the views flush (issue 17)', async () => {
    // The pages above are fetched as a script, which is never counted; a browser's reads are.
    const problems: string[] = [];
    for (const format of ['json', 'xml', 'atom']) {
      for (const pathname of feedsOf(format)({ entries, comments })) {
        const response = await site.get(pathname, { headers: { 'user-agent': browserAgent } });
        const body = await response.text();
        if (response.status !== 200) problems.push(`${pathname}: status ${response.status}`);
        for (const finding of findLiveFragmentLeaks(body, false)) problems.push(`${pathname}: ${finding}`);
      }
    }
    assert.deepEqual(problems, []);
    site.visits.flush();
    const orphans = site.db.prepare(`SELECT count(*) AS n FROM visitor_hashes WHERE article_id NOT IN (SELECT id FROM articles)`).get() as { n: number };
    assert.equal(orphans.n, 0);
  });

  it('re-renders the comment form with every field refilled from hostile input, escaped', async () => {
    const problems: string[] = [];
    for (const entry of entries) {
      const { token } = await readArticle(site.url, entry.slug);
      const p = entry.payload.payload;
      // A payload is no website address, so the form comes back with every field as the reader typed it.
      const response = await site.get(`/opinion/${entry.slug}/comments`, commentPost(site.config.siteUrl, { token: token!, name: p, email: p, website: p, comment: p, parent: p }));
      const html = await response.text();
      if (response.status !== 400) problems.push(`${entry.slug}: status ${response.status}`);
      for (const finding of findXss(html)) problems.push(`${entry.slug}: ${finding}`);
    }
    assert.deepEqual(problems, []);
  });

  it('shows a hostile comment as text: its body reads back escaped, its name links only to an http(s) address', async () => {
    const entry = entries.find((e) => e.payload.payload === '<script>alert(1)</script>')!;
    const html = await (await site.get(`/opinion/${entry.slug}`)).text();
    assert.match(html, /<p>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    assert.match(html, /<a class="comment__author" href="https:\/\/example\.com\/%3Cscript%3Ealert\(1\)%3C\/script%3E" rel="nofollow ugc"><bdi>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/bdi><\/a>/);
  });

  it('finds every hostile piece in the search that lists them, so its pages above showed them all', async () => {
    const html = await (await site.get(`/search?q=${everyPiece}`)).text();
    assert.match(html, new RegExp(`<h2 class="search-count">${corpus.length} results for`));
  });

  it('shows the hostile text as text: a headline reads back exactly as the payload, escaped', async () => {
    const entry = entries.find((e) => e.payload.payload === '<script>alert(1)</script>')!;
    const html = await (await site.get(`/opinion/${entry.slug}`)).text();
    assert.match(html, /<h1 class="article__title">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
  });
});
