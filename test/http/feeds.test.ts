import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extractFromJson } from '@extractus/feed-extractor';
import { parseFeed } from '@rowanmanning/feed-parser';
import { conditionalGet, discoveryFixtures, emailPattern, parseXml } from '../helpers/discovery.js';
import { fixtureContent, startSite, type TestSite } from '../helpers/site.js';

// Public at fixedNow: 15 in the base fixtures, 5 in the discovery fixtures (a draft and a 2030 piece are not).
const publicCount = 20;

describe('feeds (issue 5)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ content: [fixtureContent, discoveryFixtures] });
  });
  after(() => site.close());

  async function fetchFeed(path: string, type: RegExp): Promise<string> {
    const response = await site.get(path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', type);
    assert.ok(response.headers.get('etag'), 'has an ETag');
    assert.ok(response.headers.get('last-modified'), 'has Last-Modified');
    return response.text();
  }

  it('serves the site RSS feed with full content, every author, tags and dates', async () => {
    const xml = await fetchFeed('/feed.xml', /^application\/rss\+xml; charset=utf-8/);
    parseXml(xml);
    const feed = parseFeed(xml);
    assert.equal(feed.meta.type, 'rss');
    assert.equal(feed.title, 'Broadsheet');
    assert.equal(feed.url, 'http://broadsheet.test/');
    assert.equal(feed.self, 'http://broadsheet.test/feed.xml');
    assert.equal(feed.items.length, publicCount);
    assert.equal(feed.items[0]!.title, 'Opinion: A partner’s fresh argument', 'newest first, kicker in the title');

    const full = feed.items.find((i) => i.url === 'http://broadsheet.test/opinion/full-piece');
    assert.ok(full, 'the full piece is in the feed');
    assert.equal(full.title, 'Opinion: The “full” piece – with every field');
    assert.equal(full.description, 'A standfirst that says what the piece argues.');
    assert.deepEqual(full.authors.map((a) => a.name), ['Ada Fixture', 'Ben Sample']);
    assert.deepEqual(full.categories.map((c) => c.label ?? c.term), ['Public Transit', 'City Budgets']);
    assert.equal(full.published?.toISOString(), new Date('2026-10-01T08:00:00-04:00').toISOString());
    assert.match(full.content ?? '', /<h2 id="why-it-matters-2">Why it matters<\/h2>/);
    assert.match(full.content ?? '', /A second subheading with the same text gets a distinct id\./);
    assert.match(full.content ?? '', /<img src="http:\/\/broadsheet\.test\/img\/favicon\.[0-9a-f]{10}\.svg" alt="Rooftops drawn in simple shapes">/);

    const kinds = feed.items.map((i) => i.title!.split(':')[0]);
    assert.ok(kinds.includes('Column') && kinds.includes('Editorial') && kinds.includes('Letter to the editor'));
  });

  it('never carries drafts, scheduled pieces or the hidden end of an excerpt', async () => {
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json']) {
      const text = await (await site.get(path)).text();
      assert.doesNotMatch(text, /opinion\/(draft|scheduled|hidden-draft)\b/, path);
      assert.doesNotMatch(text, /zanzibarquux|SECRET-ENDING/, path);
      assert.doesNotMatch(text, emailPattern, `${path} has no email address`);
    }
    const feed = parseFeed(await (await site.get('/feed.xml')).text());
    const excerpt = feed.items.find((i) => i.url?.endsWith('/opinion/syndicated-excerpt'));
    assert.match(excerpt?.content ?? '', /Read the full piece at The Fixture Gazette/);
    assert.match(excerpt?.content ?? '', /Originally published in <cite>The Fixture Gazette<\/cite>/);
  });

  it('makes relative links in bodies absolute so they work in a feed reader', async () => {
    const feed = parseFeed(await (await site.get('/feed.xml')).text());
    const fresh = feed.items.find((i) => i.url?.endsWith('/opinion/fresh-piece'));
    assert.match(fresh?.content ?? '', /href="http:\/\/broadsheet\.test\/opinion\/tram-lines"/);
    assert.match(fresh?.content ?? '', /href="http:\/\/broadsheet\.test\/opinion\/fresh-piece#top"/);
  });

  it('keeps markup-like headlines as text in every format', async () => {
    const title = 'Letter to the editor: Tags like </script> & “quotes” ]]> belong in text';
    const rss = parseFeed(await (await site.get('/feed.xml')).text());
    assert.ok(rss.items.some((i) => i.title === title), 'RSS title round-trips');
    const atom = parseFeed(await (await site.get('/feed.atom')).text());
    assert.ok(atom.items.some((i) => i.title === title), 'Atom title round-trips');
    const json = JSON.parse(await (await site.get('/feed.json')).text()) as { items: { title: string }[] };
    assert.ok(json.items.some((i) => i.title === title), 'JSON Feed title round-trips');
  });

  it('serves Atom with published and honest updated dates', async () => {
    const xml = await fetchFeed('/feed.atom', /^application\/atom\+xml; charset=utf-8/);
    parseXml(xml);
    const feed = parseFeed(xml);
    assert.equal(feed.meta.type, 'atom');
    assert.equal(feed.items.length, publicCount);
    const tram = feed.items.find((i) => i.url === 'http://broadsheet.test/opinion/tram-lines');
    assert.ok(tram);
    assert.equal(tram.published?.toISOString(), '2026-11-20T09:00:00.000Z');
    assert.equal(tram.updated?.toISOString(), '2026-11-22T10:15:00.000Z', 'the correction is the latest change');
    assert.deepEqual(tram.authors.map((a) => [a.name, a.url]), [['Cora Quill', 'http://broadsheet.test/authors/cora-quill']]);
    assert.match(tram.content ?? '', /municipal pigeon census/);
    assert.equal(feed.updated?.toISOString(), '2026-11-27T10:00:00.000Z', 'the feed is as new as its newest change');
  });

  it('serves JSON Feed 1.1 with authors, tags, dates and the original of syndicated pieces', async () => {
    const text = await fetchFeed('/feed.json', /^application\/feed\+json; charset=utf-8/);
    const raw = JSON.parse(text) as Record<string, any>;
    assert.equal(raw.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(raw.feed_url, 'http://broadsheet.test/feed.json');
    const feed = extractFromJson(raw, {
      useISODateFormat: true,
      getExtraEntryFields: (item: Record<string, any>) => ({
        authors: item.authors,
        tags: item.tags,
        modified: item.date_modified,
        content: item.content_html,
        external: item.external_url,
      }),
    }) as { title: string; entries: Record<string, any>[] };
    assert.equal(feed.title, 'Broadsheet');
    assert.equal(feed.entries.length, publicCount);
    const full = feed.entries.find((e) => e.link === 'http://broadsheet.test/opinion/full-piece')!;
    assert.equal(full.published, '2026-10-01T12:00:00.000Z');
    assert.equal(full.modified, '2026-10-03T09:30:00-04:00');
    assert.deepEqual(full.authors.map((a: { name: string }) => a.name), ['Ada Fixture', 'Ben Sample']);
    assert.deepEqual(full.tags, ['Public Transit', 'City Budgets']);
    assert.match(full.content, /<blockquote>/);
    const syndicated = feed.entries.find((e) => e.link === 'http://broadsheet.test/opinion/syndicated-excerpt')!;
    assert.equal(syndicated.external, 'https://example.com/gazette/argument');
  });

  it('serves a feed per author with only their pieces', async () => {
    const feed = parseFeed(await fetchFeed('/authors/cora-quill/feed.xml', /rss\+xml/));
    assert.equal(feed.title, 'Cora Quill | Broadsheet');
    assert.equal(feed.url, 'http://broadsheet.test/authors/cora-quill');
    assert.deepEqual(
      feed.items.map((i) => i.url!.replace('http://broadsheet.test/opinion/', '')),
      ['fresh-piece', 'budget-story', 'tram-lines'],
    );
    for (const item of feed.items) assert.ok(item.authors.some((a) => a.name === 'Cora Quill'));
    const atom = parseFeed(await fetchFeed('/authors/ben-sample/feed.atom', /atom\+xml/));
    assert.ok(atom.items.every((i) => i.authors.some((a) => a.name === 'Ben Sample')));
    const json = JSON.parse(await fetchFeed('/authors/cora-quill/feed.json', /feed\+json/)) as { items: unknown[] };
    assert.equal(json.items.length, 3);
  });

  it('serves a feed per tag with only its public pieces', async () => {
    const feed = parseFeed(await fetchFeed('/tags/trams/feed.atom', /atom\+xml/));
    assert.equal(feed.title, 'Trams | Broadsheet');
    assert.deepEqual(
      feed.items.map((i) => i.url!.replace('http://broadsheet.test/opinion/', '')),
      ['fresh-piece', 'tram-lines'],
    );
    assert.ok(feed.items.every((i) => i.categories.some((c) => (c.label ?? c.term) === 'Trams')));
  });

  it('answers 404 for unknown authors, tags and formats', async () => {
    for (const path of ['/authors/nobody/feed.xml', '/tags/no-such-tag/feed.json', '/feed.rss', '/authors/cora-quill/feed.html']) {
      assert.equal((await site.get(path)).status, 404, path);
    }
  });

  it('answers 304 to a conditional request until the feed changes', async () => {
    const first = await site.get('/feed.xml');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    assert.equal(lastModified, 'Fri, 27 Nov 2026 10:00:00 GMT');
    const byEtag = await conditionalGet(`${site.url}/feed.xml`, { 'If-None-Match': etag });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.body, '');
    assert.equal((await conditionalGet(`${site.url}/feed.xml`, { 'If-Modified-Since': lastModified })).status, 304);
    assert.equal((await conditionalGet(`${site.url}/feed.xml`, { 'If-Modified-Since': 'Thu, 26 Nov 2026 00:00:00 GMT' })).status, 200);
    site.clock.now = Date.parse('2030-01-02T00:00:00Z');
    try {
      assert.equal((await conditionalGet(`${site.url}/feed.xml`, { 'If-None-Match': etag })).status, 200, 'a newly public piece changes the feed');
      assert.equal((await site.get('/feed.xml')).headers.get('last-modified'), 'Tue, 01 Jan 2030 06:00:00 GMT');
    } finally {
      site.clock.now = Date.parse('2026-11-28T12:00:00Z');
    }
  });

  it('advertises the site feeds on every page and an author or tag feed on its page', async () => {
    const home = await (await site.get('/')).text();
    assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="Broadsheet \(RSS\)" href="\/feed\.xml">/);
    assert.match(home, /<link rel="alternate" type="application\/atom\+xml" title="Broadsheet \(Atom\)" href="\/feed\.atom">/);
    assert.match(home, /<link rel="alternate" type="application\/feed\+json" title="Broadsheet \(JSON Feed\)" href="\/feed\.json">/);
    const author = await (await site.get('/authors/cora-quill')).text();
    assert.match(author, /<link rel="alternate" type="application\/rss\+xml" title="Cora Quill \| Broadsheet \(RSS\)" href="\/authors\/cora-quill\/feed\.xml">/);
    const tag = await (await site.get('/tags/trams')).text();
    assert.match(tag, /href="\/tags\/trams\/feed\.atom"/);
  });
});
