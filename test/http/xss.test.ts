import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeHostileContent, type HostileEntry } from '../helpers/hostile-content.js';
import { startSite, tempDir, type TestSite } from '../helpers/site.js';
import { findXss, findXssInJson, findXssInXml, loadXssCorpus } from '../helpers/xss.js';

/** A kind of page to check: which paths to fetch, what each must answer, and how to read the body. */
interface PageType {
  name: string;
  kind: 'html' | 'xml' | 'json';
  /** The statuses a fetch may answer; a content page must really be there (200) or the check proves nothing. */
  statuses: number[];
  paths(entries: readonly HostileEntry[]): string[];
}

// Every page type that shows imported or reader-supplied text. Feeds and sitemaps (kind 'xml'), search
// results and comment pages join this list as those routes land; the checks below need no change.
const pageTypes: PageType[] = [
  { name: 'article', kind: 'html', statuses: [200], paths: (entries) => entries.map((e) => `/opinion/${e.slug}`) },
  {
    name: 'home and its pages',
    kind: 'html',
    statuses: [200],
    paths: (entries) => ['/', ...Array.from({ length: Math.ceil(entries.length / 12) - 1 }, (_, i) => `/?page=${i + 2}`)],
  },
  { name: 'author', kind: 'html', statuses: [200], paths: (entries) => entries.map((e) => `/authors/${e.authorSlug}`) },
  { name: 'tag', kind: 'html', statuses: [200], paths: (entries) => [...new Set(entries.map((e) => `/tags/${e.tagSlug}`))] },
  {
    name: 'error pages reached with the payload in the URL',
    kind: 'html',
    statuses: [400, 404, 414],
    paths: (entries) =>
      entries.flatMap((e) => [
        `/opinion/${encodeURIComponent(e.payload.payload)}`,
        `/?page=${encodeURIComponent(e.payload.payload)}`,
        `/tags/${encodeURIComponent(e.payload.payload)}?page=2`,
      ]),
  },
  { name: 'health check', kind: 'json', statuses: [200], paths: () => ['/healthz'] },
];

const finders = { html: findXss, xml: findXssInXml, json: findXssInJson };

describe('the XSS corpus through the importer and every page type (issue 8)', () => {
  const corpus = loadXssCorpus();
  const content = tempDir('broadsheet-xss-');
  let site: TestSite;
  let entries: HostileEntry[];
  before(async () => {
    entries = writeHostileContent(content.dir, corpus);
    site = await startSite({ content: [path.join(content.dir)], now: Date.parse('2026-11-28T12:00:00Z') });
  });
  after(async () => {
    await site.close();
    content.cleanup();
  });

  it('holds at least 100 payloads from every filter-evasion family', () => {
    assert.ok(corpus.length >= 100, `corpus has ${corpus.length} payloads`);
    const families = new Set(corpus.map((p) => p.family));
    for (const family of ['script-tag', 'event-handler', 'url-scheme', 'svg-mathml', 'style-css', 'malformed', 'template-injection']) {
      assert.ok(families.has(family), `family ${family} is covered`);
    }
  });

  it('imports every hostile piece and author with the real importer', () => {
    const count = site.db.prepare(`SELECT count(*) AS n FROM articles WHERE slug LIKE 'xss-%'`).get() as { n: number };
    assert.equal(count.n, corpus.length);
  });

  for (const type of pageTypes) {
    it(`lets no payload survive into the ${type.name} pages`, async () => {
      const paths = type.paths(entries);
      assert.ok(paths.length > 0);
      const problems: string[] = [];
      for (const pathname of paths) {
        const response = await site.get(pathname);
        const body = await response.text();
        if (!type.statuses.includes(response.status)) problems.push(`${pathname}: status ${response.status}`);
        for (const finding of finders[type.kind](body)) problems.push(`${pathname}: ${finding}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('shows the hostile text as text: a headline reads back exactly as the payload, escaped', async () => {
    const entry = entries.find((e) => e.payload.payload === '<script>alert(1)</script>')!;
    const html = await (await site.get(`/opinion/${entry.slug}`)).text();
    assert.match(html, /<h1 class="article__title">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
  });
});
